package dev.sluice.adapters.http.error;

/**
 * Which error body a request's path is answered in: the management and logs APIs' v4 envelope
 * ({@code /client/v4/…}), the dashboard API's own ({@code /generate}), or AI Gateway's everywhere else.
 */
public enum ErrorSurface {
    DATA_PLANE,
    MANAGEMENT,
    GENERATE;

    /** The surface of a path, or of a request target with its query. */
    public static ErrorSurface of(String path) {
        if (path.startsWith(ErrorResponses.MANAGEMENT_PREFIX)) {
            return MANAGEMENT;
        }
        return isGenerate(path) ? GENERATE : DATA_PLANE;
    }

    private static boolean isGenerate(String path) {
        return path.startsWith("/generate")
                && (path.length() == 9 || path.charAt(9) == '?' || path.charAt(9) == '/');
    }
}
