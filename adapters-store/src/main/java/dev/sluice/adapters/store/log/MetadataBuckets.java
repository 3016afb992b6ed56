package dev.sluice.adapters.store.log;

import java.nio.charset.StandardCharsets;

/**
 * Which of a few buckets a metadata value falls in: {@code log_metadata_by_value} leads with it, then the log
 * id, so new metadata rows go to the end of one of {@link #COUNT} runs. Led by the value itself, as it was
 * before V10, each distinct value (a user id among thousands) was a place of its own in the index: nearly
 * every new row dirtied a page no other row of its batch touched, a random page write per entry that cost
 * the log writer more than the entry's own row, and at full load with a user id in the metadata it fell
 * behind and dropped entries (docs/PERFORMANCE.md, issue 18). A filter on a value now reads its bucket, a
 * {@link #COUNT}th of the gateway's metadata rows, in the index alone.
 */
final class MetadataBuckets {

    static final int COUNT = 32;
    /**
     * The bucket of rows written without one: by a replica still on a version before V10 while a fleet is
     * upgraded one replica at a time. Every value filter also reads it (empty once no such replica writes).
     */
    static final int UNKNOWN = -1;

    private MetadataBuckets() {
    }

    /** The bucket of a value as it is stored ({@link #asStored}). String.hashCode is fixed by the language. */
    static int of(String storedText) {
        return Math.floorMod(storedText.hashCode(), COUNT);
    }

    /**
     * Metadata text as it is stored and looked for: half of a surrogate pair (JSON can carry {@code "\ud83d"}
     * alone) becomes {@code ?}, as UTF-8 encodes it, so that the text hashed for its bucket is the text the
     * database holds, whatever its driver would have made of the half character.
     */
    static String asStored(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            }
        }
        return text;
    }
}
