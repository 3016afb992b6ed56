package dev.sluice.domain.universal;

/**
 * When a universal request moves on to its next step, decided once: a step that could not be reached or
 * did not answer in time, or answered 429 or 5xx, falls back; so does any other non-2xx answer when the
 * next step is another provider (a 401 for provider A's key says nothing about provider B), but not when
 * the next step is the same provider, where the same request would fail the same way (for unified API
 * steps, the provider is the one the model names). A 2xx answer never
 * falls back. The last step has nothing to fall back to: its answer, whatever it is, is the answer.
 */
public final class FallbackPolicy {

    private FallbackPolicy() {
    }

    /** @param status the step's answer's status */
    public static boolean fallsBack(int status, String provider, String nextProvider) {
        if (status >= 200 && status < 300) {
            return false;
        }
        if (status == 429 || status >= 500) {
            return true;
        }
        return !provider.equals(nextProvider);
    }
}
