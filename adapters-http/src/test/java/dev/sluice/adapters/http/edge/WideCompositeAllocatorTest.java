package dev.sluice.adapters.http.edge;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WideCompositeAllocatorTest {

    private static int partsAfterAdding(ByteBufAllocator allocator, int reads) {
        CompositeByteBuf body = allocator.compositeBuffer();
        try {
            for (int i = 0; i < reads; i++) {
                body.addComponent(true, allocator.buffer(8).writeLong(i));
            }
            assertThat(body.readableBytes()).isEqualTo(reads * 8);
            return body.numComponents();
        } finally {
            body.release();
        }
    }

    @Test
    void aBodyOfManyReadsIsKeptInItsPartsWithoutBeingCopied() {
        ByteBufAllocator plain = new UnpooledByteBufAllocator(false);

        assertThat(partsAfterAdding(plain, 1000)).as("Netty's default copies every 16 parts into one")
                .isLessThan(17);
        assertThat(partsAfterAdding(new WideCompositeAllocator(plain), 1000)).isEqualTo(1000);
    }

    @Test
    void partsStayBoundedForAClientThatDripsBytes() {
        int parts = partsAfterAdding(new WideCompositeAllocator(new UnpooledByteBufAllocator(false)), 5000);

        assertThat(parts).isLessThanOrEqualTo(WideCompositeAllocator.MAX_COMPONENTS);
    }
}
