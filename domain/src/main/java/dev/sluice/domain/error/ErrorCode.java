package dev.sluice.domain.error;

/**
 * The gateway's own error codes, each with the HTTP status it is answered with. Codes below 2100 are
 * Cloudflare AI Gateway's documented or observed ones, so clients written for Cloudflare recognise them;
 * codes from 2100 up are Sluice's own, for conditions Cloudflare does not document.
 */
public enum ErrorCode {
    UNKNOWN_GATEWAY(2001, 400, "Gateway not found: create it with the management API or in the configuration file"),
    RATE_LIMITED(2003, 429, "Rate limited"),
    SPEND_LIMITED(2041, 429, "Spend limit exceeded"),
    PROVIDER_FAILED(2005, 502, "Failed to get response from provider"),
    INVALID_PROVIDER(2008, 400, "Invalid provider"),
    UNAUTHORIZED(2009, 401, "Unauthorized"),
    INVALID_HEADER(2100, 400, "Invalid request header"),
    INVALID_BODY(2101, 400, "Invalid request body"),
    BODY_TOO_LARGE(2102, 413, "Request body too large"),
    NOT_FOUND(2103, 404, "Not found"),
    METHOD_NOT_ALLOWED(2104, 405, "Method not allowed"),
    UNSUPPORTED_MEDIA_TYPE(2105, 415, "Unsupported media type"),
    PROVIDER_TIMEOUT(2106, 504, "Provider did not answer in time"),
    PROVIDER_NOT_CONFIGURED(2107, 400, "Provider is not configured"),
    INVALID_PATH(2108, 400, "Invalid provider path"),
    CONFLICT(2109, 409, "Conflict"),
    CACHE_UNAVAILABLE(2110, 503, "The response cache is unavailable"),
    INVALID_PARAMETER(2111, 400, "Invalid query parameter"),
    STORE_UNAVAILABLE(2112, 503, "The database is unavailable; try again"),
    PRECONDITION_FAILED(2113, 412, "The resource has changed since the version named in If-Match"),
    /** Logged, never sent: the client left before its answer (499, as nginx names it). */
    CLIENT_CLOSED(2114, 499, "The client closed the connection before the answer"),
    BUSY(2115, 503, "Too many large request bodies are being read at once; retry shortly"),
    /** The process is stopping and its provider call had not been answered by the end of the shutdown's grace. */
    SHUTTING_DOWN(2116, 503, "The gateway is shutting down and the provider had not answered before its grace period"
            + " ended; retry the request"),
    /** A change the database kept refusing for conflicting with concurrent ones (a deadlock), after retries. */
    STORE_CONTENDED(2117, 503, "The database refused the change for conflicting with concurrent ones; retry shortly"),
    CLIENT_TIMEOUT(2120, 408, "The request did not arrive in time"),
    /** A 400, not RFC 9110's 505: bad input is never answered with a 5xx (DESIGN), which monitors count as the server's. */
    HTTP_VERSION_NOT_SUPPORTED(2121, 400, "HTTP version not supported: Sluice serves HTTP/1.1 and HTTP/1.0");

    private final int code;
    private final int httpStatus;
    private final String defaultMessage;

    ErrorCode(int code, int httpStatus, String defaultMessage) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.defaultMessage = defaultMessage;
    }

    public int code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String defaultMessage() {
        return defaultMessage;
    }
}
