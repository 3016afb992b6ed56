package dev.sluice.adapters.gateway.cohere;

import dev.sluice.adapters.gateway.dialect.DialectSupport;
import dev.sluice.adapters.gateway.dialect.WireJson;
import dev.sluice.domain.chat.EmbeddingDialect;
import dev.sluice.domain.chat.EmbeddingRequest;
import dev.sluice.domain.chat.EmbeddingResult;
import dev.sluice.domain.chat.ProviderRequest;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.usage.TokenUsage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cohere's {@code v2/embed}: float embeddings of {@code search_document} texts unless the client's
 * {@code input_type} says otherwise; the billed input tokens as usage.
 */
final class CohereEmbeddings implements EmbeddingDialect {

    @Override
    public ProviderRequest embeddingRequest(EmbeddingRequest request, Headers forwarded) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", request.model());
        body.put("texts", request.input());
        body.put("input_type", "search_document");
        body.put("embedding_types", List.of("float"));
        request.dimensions().ifPresent(dimensions -> body.put("output_dimension", dimensions));
        DialectSupport.passOn(body, request.extra());
        return new ProviderRequest("v2/embed", "", CohereChatDialect.headers(forwarded), WireJson.write(body));
    }

    @Override
    public EmbeddingResult embeddingResult(byte[] body) {
        Map<String, Object> response = WireJson.readObject(body);
        List<Object> floats = WireJson.object(response, "embeddings").map(all -> WireJson.list(all, "float"))
                .orElseThrow(() -> new IllegalArgumentException("a Cohere answer without float embeddings"));
        List<double[]> vectors = new ArrayList<>();
        for (Object item : floats) {
            List<?> values = (List<?>) item;
            double[] vector = new double[values.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = ((Number) values.get(i)).doubleValue();
            }
            vectors.add(vector);
        }
        return new EmbeddingResult("", vectors, WireJson.object(response, "meta")
                .flatMap(meta -> WireJson.object(meta, "billed_units"))
                .flatMap(units -> WireJson.number(units, "input_tokens"))
                .map(tokens -> TokenUsage.reported(tokens, 0)));
    }
}
