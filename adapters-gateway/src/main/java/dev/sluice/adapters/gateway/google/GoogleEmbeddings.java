package dev.sluice.adapters.gateway.google;

import dev.sluice.adapters.gateway.dialect.DialectSupport;
import dev.sluice.adapters.gateway.dialect.WireJson;
import dev.sluice.domain.chat.EmbeddingDialect;
import dev.sluice.domain.chat.EmbeddingRequest;
import dev.sluice.domain.chat.EmbeddingResult;
import dev.sluice.domain.chat.ProviderRequest;
import dev.sluice.domain.header.Headers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Gemini's {@code batchEmbedContents}: one request per text, one vector per embedding, no usage reported. */
final class GoogleEmbeddings implements EmbeddingDialect {

    @Override
    public ProviderRequest embeddingRequest(EmbeddingRequest request, Headers forwarded) {
        String model = GoogleChatDialect.model(request.model());
        List<Map<String, Object>> requests = new ArrayList<>();
        for (String text : request.input()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("model", "models/" + model);
            one.put("content", Map.of("parts", List.of(Map.of("text", text))));
            request.dimensions().ifPresent(dimensions -> one.put("outputDimensionality", dimensions));
            DialectSupport.passOn(one, request.extra());
            requests.add(one);
        }
        return new ProviderRequest("v1beta/models/" + model + ":batchEmbedContents", "",
                GoogleChatDialect.headers(forwarded), WireJson.write(Map.of("requests", requests)));
    }

    @Override
    public EmbeddingResult embeddingResult(byte[] body) {
        Map<String, Object> response = WireJson.readObject(body);
        if (!response.containsKey("embeddings")) {
            throw new IllegalArgumentException("a Gemini answer without embeddings");
        }
        List<double[]> vectors = new ArrayList<>();
        for (Map<String, Object> embedding : WireJson.objects(response, "embeddings")) {
            List<Object> values = WireJson.list(embedding, "values");
            double[] vector = new double[values.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = ((Number) values.get(i)).doubleValue();
            }
            vectors.add(vector);
        }
        return new EmbeddingResult("", vectors, Optional.empty());
    }
}
