package dev.sluice.domain.provider;

/**
 * How the path after the provider slug becomes the upstream URL. Most providers append it to their base
 * URL; a few need the shapes Cloudflare's registry gives them.
 */
public enum PathStyle {
    /** Append the path to the base URL. */
    APPEND,
    /** The base URL ends in {@code v1/}; a leading {@code v1/} in the path is accepted and not doubled. */
    OPTIONAL_V1,
    /** {@code {resource}/{deployment}/{rest}} fills the base URL's {@code {resource}} and {@code {deployment}}. */
    AZURE_DEPLOYMENT,
    /** Model ids ({@code @cf/…}) go under {@code run/}; OpenAI-compatible paths ({@code v1/…}) are appended. */
    WORKERS_AI,
    /** Answered inside Sluice by the mock provider; there is no upstream URL. */
    IN_PROCESS
}
