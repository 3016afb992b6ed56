package dev.sluice.domain.digest;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import static org.assertj.core.api.Assertions.assertThat;

class Sha256Test {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void isSha256() throws Exception {
        assertThat(Sha256.of(utf8("abc"))).isEqualTo(MessageDigest.getInstance("SHA-256").digest(utf8("abc")));
    }

    /** Cache keys and log shape ids are stored: the fields must hash exactly as they did before this class. */
    @Test
    void fieldsAreLengthPrefixedAsCacheKeysAndLogShapesAlwaysHashedThem() throws Exception {
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        for (String field : new String[] {"sluice-cache-v1", "", "héllo", "x".repeat(300)}) {
            byte[] bytes = utf8(field);
            expected.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            expected.update(bytes);
        }
        assertThat(Sha256.ofFields(utf8("sluice-cache-v1"), utf8(""), utf8("héllo"), utf8("x".repeat(300))))
                .isEqualTo(expected.digest());
        assertThat(Sha256.ofFields(utf8("ab"), utf8("c"))).isNotEqualTo(Sha256.ofFields(utf8("a"), utf8("bc")));
    }

    @Test
    void aCallSeesNothingOfTheOneBefore() {
        byte[] alone = Sha256.of(utf8("token"));
        Sha256.ofFields(utf8("left"), utf8("over"));
        assertThat(Sha256.of(utf8("token"))).isEqualTo(alone);
    }
}
