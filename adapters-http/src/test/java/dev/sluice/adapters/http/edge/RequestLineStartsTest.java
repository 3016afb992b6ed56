package dev.sluice.adapters.http.edge;

import dev.sluice.adapters.http.error.ErrorSurface;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLineStartsTest {

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }

    private static ErrorSurface surfaceOf(String... reads) {
        RequestLineStarts start = new RequestLineStarts();
        for (String read : reads) {
            ByteBuf buffer = bytes(read);
            start.add(buffer);
            assertThat(buffer.readerIndex()).as("the buffer is left as it was").isZero();
            buffer.release();
        }
        return start.surface();
    }

    @Test
    void theTargetAfterTheMethodNamesTheSurfaceHoweverTheLineArrives() {
        assertThat(surfaceOf("GET /client/v4/accounts/local?q=aaaa")).isEqualTo(ErrorSurface.MANAGEMENT);
        assertThat(surfaceOf("\r\n\r\nDEL", "ETE /client/v", "4/accounts")).isEqualTo(ErrorSurface.MANAGEMENT);
        assertThat(surfaceOf("POST /generate?x=1")).isEqualTo(ErrorSurface.GENERATE);
        assertThat(surfaceOf("GET /v1/local/default/openai/v1/models?q=")).isEqualTo(ErrorSurface.DATA_PLANE);
        assertThat(surfaceOf("GET")).as("no target yet").isEqualTo(ErrorSurface.DATA_PLANE);
        assertThat(surfaceOf("X".repeat(200) + " /client/v4/")).as("beyond what is kept").isEqualTo(ErrorSurface.DATA_PLANE);
    }

    @Test
    void aRestartForgetsTheHeadBefore() {
        RequestLineStarts start = new RequestLineStarts();
        ByteBuf first = bytes("GET /client/v4/accounts HTTP/1.1\r\n");
        start.add(first);
        start.restart();
        ByteBuf second = bytes("GET /v1/local/default/openai/x");
        start.add(second);
        assertThat(start.surface()).isEqualTo(ErrorSurface.DATA_PLANE);
        first.release();
        second.release();
    }
}
