package dev.sluice.adapters.http.edge;

import dev.sluice.application.access.CheckGatewayAccessUseCase;
import dev.sluice.domain.exchange.ByteBudget;
import dev.sluice.domain.exchange.RequestIds;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.netty.websocket.NettyServerWebSocketUpgradeHandler;
import io.micronaut.json.JsonMapper;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelPipeline;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up every HTTP/1.1 connection the server accepts: a {@link RequestReadWatch} that cuts off slow
 * clients, one half beneath the codec (where bytes arrive) and one above it (where requests and
 * responses begin and end), and a {@link WideCompositeAllocator} so a large body is gathered without copies.
 * WebSocket compression is taken out (below).
 */
@Singleton
final class ServerConnectionCustomizer implements BeanCreatedEventListener<ChannelPipelineCustomizer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerConnectionCustomizer.class);
    private static final String CODEC = ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC;
    private static final String WEBSOCKET_COMPRESSION = NettyServerWebSocketUpgradeHandler.COMPRESSION_HANDLER;

    private final ClientTimeoutConfiguration configuration;
    private final EdgeAnswers answers;
    private final long maxMessageBytes;
    private final long maxControlBody;
    private final long maxRequestSize;
    private final ServerStopping stopping;
    private final ByteBudget bodies;
    private final LargeBodyGate gate;

    /**
     * @param maxMessageBytes the most a WebSocket message may hold in all its fragments: what the HTTP forms take
     * @param maxControlBody  the most a management, logs API or {@code /generate} request's body may hold
     * @param bodyBudget      what the request bodies in flight on all connections may hold together
     * @param server          the server's settings, for the most any request's body may hold
     */
    ServerConnectionCustomizer(ClientTimeoutConfiguration configuration, JsonMapper json,
                               @Value("${sluice.server.max-parsed-body-size:11534336}") long maxMessageBytes,
                               @Value("${sluice.server.max-control-body-size:1048576}") long maxControlBody,
                               @Value("${sluice.server.request-body-budget:33554432}") long bodyBudget,
                               HttpServerConfiguration server,
                               ServerStopping stopping, RequestIds ids, CheckGatewayAccessUseCase access) {
        this.stopping = stopping;
        this.configuration = configuration;
        if (bodyBudget < 1) {
            throw new IllegalArgumentException("sluice.server.request-body-budget must be positive");
        }
        this.bodies = new ByteBudget(bodyBudget);
        this.answers = new EdgeAnswers(json, ids, maxControlBody, bodyBudget);
        this.maxMessageBytes = maxMessageBytes;
        this.maxControlBody = maxControlBody;
        // Read as Micronaut reads it: the key takes sizes such as 25MB.
        this.maxRequestSize = server.getMaxRequestSize();
        this.gate = new LargeBodyGate(access);
    }

    @Override
    public ChannelPipelineCustomizer onCreated(BeanCreatedEvent<ChannelPipelineCustomizer> event) {
        ChannelPipelineCustomizer customizer = event.getBean();
        if (customizer.isServerChannel()) {
            customizer.doOnConnect(this::install);
        }
        return customizer;
    }

    private ChannelPipeline install(ChannelPipeline pipeline) {
        ChannelConfig config = pipeline.channel().config();
        if (!(config.getAllocator() instanceof WideCompositeAllocator)) {
            config.setAllocator(new WideCompositeAllocator(config.getAllocator()));
        }
        if (pipeline.get(CODEC) == null) {
            // HTTP/2 and HTTP/3 have no HTTP/1.1 codec to sit around; their own flow control applies.
            LOG.debug("No {} in the pipeline: client read timeouts not installed", CODEC);
            return pipeline;
        }
        if (pipeline.get(WEBSOCKET_COMPRESSION) != null) {
            // No permessage-deflate: Netty's decoder inflates a frame without bound (a few KB of zeros became a heap's
            // worth), and every size and UTF-8 check on frames would see compressed bytes. A client that offers it
            // (browsers and the ws package do) is answered without it and sends plain frames.
            pipeline.remove(WEBSOCKET_COMPRESSION);
        }
        RequestReadWatch watch = new RequestReadWatch(configuration.headerTimeout(),
                configuration.bodyStallTimeout(), answers);
        pipeline.addBefore(CODEC, "sluice-request-read-watch", watch);
        pipeline.addAfter(CODEC, "sluice-message-boundaries", new MessageBoundaries(watch, answers, maxMessageBytes,
                maxControlBody, maxRequestSize, stopping, bodies, gate));
        return pipeline;
    }
}
