import com.github.luben.zstd.ZstdDictTrainer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.StringJoiner;

/**
 * Trains the zstd dictionary that log bodies are compressed with (adapters-store's log/bodies-v1.zdict): the
 * structure of the providers' chat wire formats, which every small body repeats and a frame without a
 * dictionary cannot share between bodies. The samples are generated here, seeded, in the shapes the providers
 * document — OpenAI chat completions (plain and streamed), Anthropic messages (plain and streamed), Google
 * Gemini, Workers AI, OpenAI embeddings and the gateway's error envelope — with varied models, parameters,
 * turns, words, ids and usage. A dictionary, once bodies are stored with it, must never change: a better one
 * is a new file and a new encoding, and the old one stays to read what was written with it.
 *
 *   java -cp bootstrap/target/bootstrap-0.1.0-SNAPSHOT-all.jar bench/TrainLogDictionary.java /tmp/bodies.zdict
 *
 * (bodies-v1.zdict came from zstd-jni 1.6.0-1; another zstd version may train other bytes.)
 */
public class TrainLogDictionary {

    private static final String[] WORDS = ("the a of to and in is it you that for on with as are this be at or have "
            + "from by not but what all were when we there can an your which their if do will each about how up out "
            + "them then she many some so these would other into has more her two like him see time could no make "
            + "than first been its who now people my made over did down only way find use may water long little very "
            + "after words called just where most know get through back much before go good new write our used me man "
            + "too any day same right look think also around another came come work three word must because does part "
            + "even place well such here take why things help put years different away again off went old number great "
            + "tell men say small every found still between name should home big give air line set own under read last "
            + "never us left end along while might next sound below saw something thought both few those always looked "
            + "show large often together asked house world going want school important until form food keep children "
            + "summarize explain translate write code function error customer order invoice account refund shipping "
            + "please thanks hello sure here's step data report table json list answer question context document").split(" ");
    private static final String[] OPENAI_MODELS = {"gpt-4o-mini", "gpt-4o", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano",
            "o3-mini", "o4-mini", "gpt-3.5-turbo", "gpt-4-turbo", "gpt-5", "gpt-5-mini"};
    private static final String[] ANTHROPIC_MODELS = {"claude-3-5-sonnet-20241022", "claude-3-5-haiku-20241022",
            "claude-3-7-sonnet-20250219", "claude-sonnet-4-20250514", "claude-opus-4-20250514", "claude-3-haiku-20240307"};
    private static final String[] GOOGLE_MODELS = {"gemini-2.0-flash", "gemini-1.5-pro", "gemini-2.5-flash", "gemini-2.5-pro"};
    private static final String[] WORKERS_MODELS = {"@cf/meta/llama-3.1-8b-instruct", "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
            "@cf/mistral/mistral-7b-instruct-v0.1", "@cf/qwen/qwen1.5-14b-chat-awq"};

    private final Random random = new Random(20261204L);

    public static void main(String[] args) throws Exception {
        TrainLogDictionary samples = new TrainLogDictionary();
        List<byte[]> all = samples.generate(4_000).stream().map(text -> text.getBytes(StandardCharsets.UTF_8)).toList();
        int bytes = all.stream().mapToInt(sample -> sample.length).sum();
        ZstdDictTrainer trainer = new ZstdDictTrainer(bytes, 16 * 1024);
        for (byte[] sample : all) {
            if (!trainer.addSample(sample)) {
                throw new IllegalStateException("The trainer's buffer is full");
            }
        }
        byte[] dictionary = trainer.trainSamples();
        Files.write(Path.of(args[0]), dictionary);
        System.out.printf("%d samples, %d bytes of them; dictionary %d bytes -> %s%n", all.size(), bytes,
                dictionary.length, args[0]);
    }

    List<String> generate(int count) {
        List<String> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            samples.add(switch (i % 12) {
                case 0, 1 -> openAiRequest();
                case 2, 3 -> openAiResponse();
                case 4 -> openAiStream();
                case 5 -> anthropicRequest();
                case 6 -> anthropicResponse();
                case 7 -> anthropicStream();
                case 8 -> googleRequest() ;
                case 9 -> googleResponse();
                case 10 -> random.nextBoolean() ? workersRequest() : workersResponse();
                default -> random.nextBoolean() ? embeddings() : error();
            });
        }
        return samples;
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private String text(int min, int max) {
        StringJoiner words = new StringJoiner(" ");
        int n = min + random.nextInt(max - min + 1);
        for (int i = 0; i < n; i++) {
            words.add(pick(WORDS));
        }
        String sentence = words.toString();
        return Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1) + (random.nextInt(4) == 0 ? "?" : ".");
    }

    private String id(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private long created() {
        return 1_735_689_600L + random.nextInt(60_000_000);
    }

    private String openAiMessages() {
        StringJoiner messages = new StringJoiner(",", "[", "]");
        if (random.nextBoolean()) {
            messages.add("{\"role\":\"system\",\"content\":\"" + text(4, 30) + "\"}");
        }
        int turns = 1 + 2 * random.nextInt(3);
        for (int i = 0; i < turns; i++) {
            messages.add("{\"role\":\"" + (i % 2 == 0 ? "user" : "assistant") + "\",\"content\":\"" + text(2, 40) + "\"}");
        }
        return messages.toString();
    }

    private String openAiRequest() {
        StringBuilder body = new StringBuilder("{\"model\":\"" + pick(OPENAI_MODELS) + "\",\"messages\":" + openAiMessages());
        if (random.nextBoolean()) {
            body.append(",\"temperature\":").append(random.nextInt(11) / 10.0);
        }
        if (random.nextBoolean()) {
            body.append(",\"max_tokens\":").append(64 << random.nextInt(6));
        }
        if (random.nextInt(3) == 0) {
            body.append(",\"stream\":true");
            if (random.nextBoolean()) {
                body.append(",\"stream_options\":{\"include_usage\":true}");
            }
        }
        return body.append('}').toString();
    }

    private String usage() {
        int in = 5 + random.nextInt(2_000);
        int out = 1 + random.nextInt(800);
        return "{\"prompt_tokens\":" + in + ",\"completion_tokens\":" + out + ",\"total_tokens\":" + (in + out)
                + (random.nextBoolean() ? ",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}" : "") + "}";
    }

    private String openAiResponse() {
        return "{\"id\":\"chatcmpl-" + id(29) + "\",\"object\":\"chat.completion\",\"created\":" + created()
                + ",\"model\":\"" + pick(OPENAI_MODELS) + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + text(1, 60) + "\"" + (random.nextBoolean() ? ",\"refusal\":null,\"annotations\":[]" : "")
                + "},\"logprobs\":null,\"finish_reason\":\"" + (random.nextInt(5) == 0 ? "length" : "stop") + "\"}],"
                + "\"usage\":" + usage() + (random.nextBoolean() ? ",\"service_tier\":\"default\"" : "")
                + ",\"system_fingerprint\":\"fp_" + id(10).toLowerCase(Locale.ROOT) + "\"}";
    }

    private String openAiStream() {
        String head = "data: {\"id\":\"chatcmpl-" + id(29) + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created()
                + ",\"model\":\"" + pick(OPENAI_MODELS) + "\",\"system_fingerprint\":\"fp_" + id(10).toLowerCase(Locale.ROOT)
                + "\",\"choices\":[{\"index\":0,\"delta\":";
        StringBuilder stream = new StringBuilder(head + "{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        int chunks = 2 + random.nextInt(8);
        for (int i = 0; i < chunks; i++) {
            stream.append(head).append("{\"content\":\"").append(pick(WORDS)).append(" \"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        }
        stream.append(head).append("{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n");
        return stream.append("data: [DONE]\n\n").toString();
    }

    private String anthropicRequest() {
        StringJoiner messages = new StringJoiner(",", "[", "]");
        int turns = 1 + 2 * random.nextInt(3);
        for (int i = 0; i < turns; i++) {
            messages.add("{\"role\":\"" + (i % 2 == 0 ? "user" : "assistant") + "\",\"content\":"
                    + (random.nextBoolean() ? "\"" + text(2, 40) + "\"" : "[{\"type\":\"text\",\"text\":\"" + text(2, 40) + "\"}]") + "}");
        }
        return "{\"model\":\"" + pick(ANTHROPIC_MODELS) + "\",\"max_tokens\":" + (256 << random.nextInt(5))
                + (random.nextBoolean() ? ",\"system\":\"" + text(4, 30) + "\"" : "")
                + ",\"messages\":" + messages + (random.nextInt(3) == 0 ? ",\"stream\":true" : "") + "}";
    }

    private String anthropicUsage() {
        return "{\"input_tokens\":" + (5 + random.nextInt(2_000)) + ",\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":0,\"output_tokens\":" + (1 + random.nextInt(800))
                + (random.nextBoolean() ? ",\"service_tier\":\"standard\"" : "") + "}";
    }

    private String anthropicResponse() {
        return "{\"id\":\"msg_01" + id(22) + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\""
                + pick(ANTHROPIC_MODELS) + "\",\"content\":[{\"type\":\"text\",\"text\":\"" + text(1, 60)
                + "\"}],\"stop_reason\":\"" + (random.nextInt(5) == 0 ? "max_tokens" : "end_turn")
                + "\",\"stop_sequence\":null,\"usage\":" + anthropicUsage() + "}";
    }

    private String anthropicStream() {
        StringBuilder stream = new StringBuilder("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01"
                + id(22) + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + pick(ANTHROPIC_MODELS)
                + "\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":" + anthropicUsage() + "}}\n\n");
        stream.append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        stream.append("event: ping\ndata: {\"type\": \"ping\"}\n\n");
        int chunks = 2 + random.nextInt(8);
        for (int i = 0; i < chunks; i++) {
            stream.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"")
                    .append(pick(WORDS)).append(" \"}}\n\n");
        }
        stream.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        stream.append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":")
                .append(1 + random.nextInt(800)).append("}}\n\n");
        return stream.append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n").toString();
    }

    private String googleRequest() {
        StringJoiner contents = new StringJoiner(",", "[", "]");
        int turns = 1 + 2 * random.nextInt(3);
        for (int i = 0; i < turns; i++) {
            contents.add("{\"role\":\"" + (i % 2 == 0 ? "user" : "model") + "\",\"parts\":[{\"text\":\"" + text(2, 40) + "\"}]}");
        }
        return "{\"contents\":" + contents + (random.nextBoolean() ? ",\"systemInstruction\":{\"parts\":[{\"text\":\""
                + text(4, 30) + "\"}]}" : "") + (random.nextBoolean() ? ",\"generationConfig\":{\"temperature\":"
                + random.nextInt(11) / 10.0 + ",\"maxOutputTokens\":" + (64 << random.nextInt(6)) + "}" : "") + "}";
    }

    private String googleResponse() {
        int in = 5 + random.nextInt(2_000);
        int out = 1 + random.nextInt(800);
        return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text(1, 60) + "\"}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\",\"avgLogprobs\":-0." + random.nextInt(999_999) + "}],\"usageMetadata\":{"
                + "\"promptTokenCount\":" + in + ",\"candidatesTokenCount\":" + out + ",\"totalTokenCount\":" + (in + out)
                + ",\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":" + in + "}]},\"modelVersion\":\""
                + pick(GOOGLE_MODELS) + "\",\"responseId\":\"" + id(22) + "\"}";
    }

    private String workersRequest() {
        return "{\"messages\":" + openAiMessages() + (random.nextBoolean() ? ",\"max_tokens\":" + (64 << random.nextInt(6)) : "")
                + (random.nextInt(3) == 0 ? ",\"stream\":true" : "") + "}";
    }

    private String workersResponse() {
        int in = 5 + random.nextInt(2_000);
        int out = 1 + random.nextInt(800);
        return "{\"result\":{\"response\":\"" + text(1, 60) + "\",\"tool_calls\":[],\"usage\":{\"prompt_tokens\":" + in
                + ",\"completion_tokens\":" + out + ",\"total_tokens\":" + (in + out) + "}},\"success\":true,\"errors\":[],"
                + "\"messages\":[]}";
    }

    private String embeddings() {
        if (random.nextBoolean()) {
            return "{\"model\":\"text-embedding-3-" + (random.nextBoolean() ? "small" : "large") + "\",\"input\":\""
                    + text(2, 30) + "\"" + (random.nextBoolean() ? ",\"encoding_format\":\"float\"" : "") + "}";
        }
        StringJoiner vector = new StringJoiner(",", "[", "]");
        for (int i = 0; i < 16; i++) {
            vector.add(String.format(Locale.ROOT, "%.8f", random.nextGaussian() * 0.05));
        }
        int in = 2 + random.nextInt(60);
        return "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":" + vector
                + "}],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":" + in + ",\"total_tokens\":" + in + "}}";
    }

    private String error() {
        return switch (random.nextInt(3)) {
            case 0 -> "{\"error\":{\"message\":\"" + text(4, 20) + "\",\"type\":\"invalid_request_error\",\"param\":"
                    + (random.nextBoolean() ? "null" : "\"messages\"") + ",\"code\":" + (random.nextBoolean() ? "null" : "\"rate_limit_exceeded\"") + "}}";
            case 1 -> "{\"type\":\"error\",\"error\":{\"type\":\"" + (random.nextBoolean() ? "overloaded_error" : "invalid_request_error")
                    + "\",\"message\":\"" + text(3, 15) + "\"}}";
            default -> "{\"success\":false,\"result\":[],\"messages\":[],\"error\":[{\"code\":" + (2000 + random.nextInt(50))
                    + ",\"message\":\"" + text(3, 12) + "\"}]}";
        };
    }
}
