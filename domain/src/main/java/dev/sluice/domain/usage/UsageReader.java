package dev.sluice.domain.usage;

import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.json.JsonObjectReader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads token usage from a provider's response body, whole JSON or a server-sent event stream. Every
 * JSON document in the body is read by every format — the common {@code usage} object
 * ({@link UsageFormat#COMMON}) and each provider's own, from its adapter package — and the reports are
 * merged ({@link TokenUsage#merge}), so a format is recognised by its shape wherever the provider puts it
 * and a stream that reports in pieces adds up. A stream of JSON lines (Cohere's v1 chat, Ollama) is read line by
 * line; an answer in a framing of a provider's own ({@link UsageFraming}, e.g. Bedrock's binary event stream) is
 * read through it when the body held no usage as text. Tokens a provider reports in its answer's headers
 * ({@link UsageHeaders}) are read by {@link #read(Headers)}.
 */
public final class UsageReader {

    private static final Pattern LINE_END = Pattern.compile("\r\n|\r|\n");
    /** How many starts of an array's last element {@link #lastOfArray} tries before giving up. */
    private static final int LAST_ELEMENT_TRIES = 64;

    private final JsonObjectReader json;
    private final List<UsageFormat> formats;
    private final List<UsageFraming> framings;
    private final List<UsageHeaders> headers;
    /** The names of every header some provider reports tokens in. */
    private final List<String> headerNames;

    /** @param providerFormats read beside the common usage object */
    public UsageReader(JsonObjectReader json, List<UsageFormat> providerFormats) {
        this(json, providerFormats, List.of());
    }

    /**
     * @param providerFormats read beside the common usage object
     * @param framings        tried in order on a body with no usage as text; the first that finds documents reads it
     */
    public UsageReader(JsonObjectReader json, List<UsageFormat> providerFormats, List<UsageFraming> framings) {
        this(json, providerFormats, framings, List.of());
    }

    /** @param headers the providers' ways of reporting tokens in an answer's headers */
    public UsageReader(JsonObjectReader json, List<UsageFormat> providerFormats, List<UsageFraming> framings,
                       List<UsageHeaders> headers) {
        this.json = json;
        this.headers = List.copyOf(headers);
        this.headerNames = headers.stream().flatMap(format -> format.names().stream()).distinct().toList();
        List<UsageFormat> all = new ArrayList<>();
        all.add(UsageFormat.COMMON);
        all.addAll(providerFormats);
        this.formats = List.copyOf(all);
        this.framings = List.copyOf(framings);
    }

    /** Empty when the body reports no usage (or is not JSON), so the caller can count tokens itself. */
    public Optional<TokenUsage> read(byte[] body) {
        if (isObject(body)) {
            // One JSON object, the common case: parsed from the bytes, without decoding the body to text.
            // Bytes that are not valid UTF-8 are read as text below, with the bad bytes replaced, as before.
            try {
                return fromDocument(json.readObjectWithoutArrays(body));
            } catch (IllegalArgumentException e) {
                // not one well-formed object: read as text
            }
        }
        String text = new String(body, StandardCharsets.UTF_8);
        Optional<TokenUsage> found = fromDocuments(documents(text));
        for (int i = 0; found.isEmpty() && i < framings.size(); i++) {
            List<String> framed = framings.get(i).documents(body);
            if (!framed.isEmpty()) {
                return fromDocuments(framed);
            }
        }
        return found.isPresent() ? found : lastOfArray(text);
    }

    /**
     * The usage of the last object of a JSON array of objects that reports one: Gemini's {@code streamGenerateContent}
     * without {@code alt=sse} answers with its chunks in one array, pretty-printed, each reporting the usage so far, so
     * the last reports it all, unless the answer failed in its middle and ends in an error object, whose chunk before
     * it has the usage. Found from the array's end, which a long answer's kept tail still has: the last {@code {}}
     * after a {@code ,} or the {@code [} from which the rest up to the closing {@code ]} (or the next element's
     * {@code ,}) is one object.
     */
    private Optional<TokenUsage> lastOfArray(String body) {
        String trimmed = body.strip();
        if (!trimmed.endsWith("]")) {
            return Optional.empty();
        }
        int end = trimmed.length() - 1;
        int tries = 0;
        for (int brace = trimmed.lastIndexOf('{', end); brace >= 0 && tries < LAST_ELEMENT_TRIES;
             brace = trimmed.lastIndexOf('{', brace - 1)) {
            int before = brace - 1;
            while (before >= 0 && Character.isWhitespace(trimmed.charAt(before))) {
                before--;
            }
            if (before >= 0 && trimmed.charAt(before) != ',' && trimmed.charAt(before) != '[') {
                continue;
            }
            tries++;
            Map<String, Object> element;
            try {
                element = json.readObjectWithoutArrays(trimmed.substring(brace, end));
            } catch (IllegalArgumentException notTheLast) {
                continue; // an object inside the last element, or no element at all: try the one before
            }
            Optional<TokenUsage> usage = fromDocument(element);
            if (usage.isPresent() || before < 0 || trimmed.charAt(before) == '[') {
                return usage;
            }
            end = before; // an element without usage (an error object): the one before it, up to its comma
        }
        return Optional.empty();
    }

    /**
     * Of an answer's headers, those some provider reports tokens in, in order: usually none, and then no allocation.
     * What {@link #read(Headers)} reads of the whole headers it reads of these.
     */
    public Headers reporting(Headers answer) {
        return answer.keep(this::reportsTokens);
    }

    /** Whether some provider reports tokens in this header. */
    public boolean reportsTokens(Header header) {
        for (int i = 0; i < headerNames.size(); i++) {
            if (header.is(headerNames.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** The tokens an answer's headers report, merged over every provider's header format; empty when none do. */
    public Optional<TokenUsage> read(Headers answer) {
        return mergedOver(headers, format -> format.read(answer));
    }

    private Optional<TokenUsage> fromDocuments(List<String> documents) {
        Optional<TokenUsage> found = Optional.empty();
        for (String document : documents) {
            Map<String, Object> root;
            try {
                root = json.readObjectWithoutArrays(document);
            } catch (IllegalArgumentException e) {
                continue;
            }
            Optional<TokenUsage> here = fromDocument(root);
            if (here.isPresent()) {
                found = Optional.of(found.map(previous -> previous.merge(here.get())).orElse(here.get()));
            }
        }
        return found;
    }

    /** Whether the body's first character other than ASCII white space is {@code {}. */
    private static boolean isObject(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{';
            }
        }
        return false;
    }

    /**
     * Every {@code data:} payload of an event stream; else the body itself when it is one JSON object, and each of its
     * lines that is one (JSON lines, whose last line carries the usage; the body may start mid-line when it is a
     * stream's end).
     */
    static List<String> documents(String body) {
        List<String> documents = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        StringBuilder data = new StringBuilder();
        // An event stream's lines end with CR LF, LF or a lone CR (the SSE specification allows all three).
        for (String line : LINE_END.split(body, -1)) {
            if (line.startsWith("{")) {
                lines.add(line);
            }
            if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            } else if (line.isEmpty() && !data.isEmpty()) {
                documents.add(data.toString());
                data.setLength(0);
            }
        }
        if (!data.isEmpty()) {
            documents.add(data.toString());
        }
        if (documents.isEmpty()) {
            String trimmed = body.strip();
            if (trimmed.startsWith("{")) {
                documents.add(trimmed);
            }
            if (lines.size() > 1 || !trimmed.startsWith("{")) {
                documents.addAll(lines);
            }
        }
        return documents.stream().map(String::strip).filter(d -> d.startsWith("{")).toList();
    }

    private Optional<TokenUsage> fromDocument(Map<String, Object> root) {
        return mergedOver(formats, format -> format.read(root));
    }

    /** What every format finds, merged; empty when none finds anything. */
    private static <F> Optional<TokenUsage> mergedOver(List<F> formats, Function<F, Optional<TokenUsage>> read) {
        Optional<TokenUsage> found = Optional.empty();
        for (F format : formats) {
            Optional<TokenUsage> here = read.apply(format);
            if (here.isPresent()) {
                found = Optional.of(found.map(previous -> previous.merge(here.get())).orElse(here.get()));
            }
        }
        return found;
    }
}
