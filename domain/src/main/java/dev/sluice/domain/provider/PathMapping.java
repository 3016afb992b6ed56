package dev.sluice.domain.provider;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;

/**
 * How the path after the provider slug becomes the upstream URL. Most providers append it to their base
 * URL; a provider whose URLs have a shape of their own (Workers AI's {@code run/}, Azure's deployments)
 * brings its own mapping from its adapter package. The path handed in is already confined: stripped of
 * leading slashes and free of dot segments however encoded.
 */
@FunctionalInterface
public interface PathMapping {

    /** Append the path to the base URL. */
    PathMapping APPEND = (baseUrl, relative) -> baseUrl + relative;

    /** The base URL ends in {@code v1/}; a leading {@code v1/} in the path is accepted and not doubled. */
    PathMapping OPTIONAL_V1 = optional("v1/");

    /**
     * The base URL ends in what each of {@code prefixes} names; a path that starts with one of them, in the order given,
     * is not doubled (Groq's SDK, pointed at {@code …/groq}, sends {@code openai/v1/chat/completions}).
     */
    static PathMapping optional(String... prefixes) {
        return (baseUrl, relative) -> {
            for (String prefix : prefixes) {
                if (relative.startsWith(prefix)) {
                    return baseUrl + relative.substring(prefix.length());
                }
            }
            return baseUrl + relative;
        };
    }

    /** Answered inside Sluice (the mock provider); there is no upstream URL. */
    PathMapping IN_PROCESS = (baseUrl, relative) -> {
        throw new GatewayException(ErrorCode.INVALID_PATH, "An in-process provider has no upstream URL");
    };

    /** The upstream URL (without query) for {@code relative} under {@code baseUrl}, which ends in '/'. */
    String url(String baseUrl, String relative);
}
