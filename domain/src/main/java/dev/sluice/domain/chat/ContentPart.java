package dev.sluice.domain.chat;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One part of a message's content: text, or an image given by URL or inline as base64 data. */
public sealed interface ContentPart permits ContentPart.Text, ContentPart.Image {

    /**
     * Text, and the client's prompt-cache breakpoint after it where it set one ({@code cache_control}, as Anthropic
     * takes it and as OpenAI-compatible clients send it on a part): passed to providers that take breakpoints.
     */
    record Text(String text, Optional<Map<String, Object>> cacheControl) implements ContentPart {
        public Text {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(cacheControl, "cacheControl");
        }

        public Text(String text) {
            this(text, Optional.empty());
        }
    }

    /**
     * An image: either {@code url} (a web address) or {@code mediaType} and {@code data} (base64), as
     * OpenAI's {@code data:} URLs carry them. {@code detail} is OpenAI's hint, kept where a provider has one.
     */
    record Image(Optional<String> url, Optional<String> mediaType, Optional<String> data, Optional<String> detail)
            implements ContentPart {

        private static final Pattern DATA_URL = Pattern.compile("^data:([\\w.+-]+/[\\w.+-]+);base64,", Pattern.CASE_INSENSITIVE);

        public Image {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(detail, "detail");
            if (url.isPresent() == data.isPresent()) {
                throw new IllegalArgumentException("an image is either a URL or inline data");
            }
        }

        /** From an OpenAI {@code image_url.url}: a {@code data:…;base64,} URL is taken apart, anything else is a URL. */
        public static Image fromUrl(String url, Optional<String> detail) {
            Matcher matcher = DATA_URL.matcher(url);
            if (matcher.find()) {
                return new Image(Optional.empty(), Optional.of(matcher.group(1).toLowerCase(java.util.Locale.ROOT)),
                        Optional.of(url.substring(matcher.end())), detail);
            }
            return new Image(Optional.of(url), Optional.empty(), Optional.empty(), detail);
        }

        public static Image inline(String mediaType, String base64) {
            return new Image(Optional.empty(), Optional.of(mediaType), Optional.of(base64), Optional.empty());
        }

        public boolean isInline() {
            return data.isPresent();
        }

        /** The image as one URL: the web address, or a {@code data:} URL of the inline bytes. */
        public String asUrl() {
            return url.orElseGet(() -> "data:" + mediaType.orElse("application/octet-stream") + ";base64," + data.get());
        }
    }
}
