package dev.sluice.bootstrap;

import dev.sluice.adapters.store.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A limits Redis URL whose settings Redis refuses (here a database it does not have) stops the start with that said
 * once, naming the setting, and exit 1: it was 78 lines, the message four times among bean paths and stack traces.
 */
@ExtendWith(RedisServer.class)
class RedisRefusedAtStartTest {

    @TempDir
    Path dataDir;

    @Test
    void aRedisUrlWhoseSettingsRedisRefusesIsSaidOnceWithoutAStackTrace() throws Exception {
        String url = RedisServer.redisUrl().orElseThrow().replaceAll("/\\d+$", "") + "/99";
        String log = RefusedStart.run(dataDir, "sluice.limits.redis-url=" + url);
        assertThat(log.split("refused the settings of its URL", -1)).as(log).hasSize(2);
        assertThat(log).contains("sluice.limits.redis-url").contains("ERR DB index is out of range")
                .doesNotContain("RedisReplyException");
    }
}
