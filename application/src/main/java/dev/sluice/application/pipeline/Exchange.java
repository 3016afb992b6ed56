package dev.sluice.application.pipeline;

import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.cost.CustomCost;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.log.LogCollection;
import dev.sluice.domain.policy.RequestPolicy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One call on its way through the pipeline: the call as the surface built it, and what the stages have
 * learned about it so far. Each stage fills in what it is responsible for and reads what earlier stages
 * filled in; reading a fact no earlier stage has provided is a wiring mistake and fails loudly.
 */
public final class Exchange {

    private final GatewayCall call;
    private final long startedNanos;
    private final Instant arrived;
    private Gateway gateway;
    private RequestPolicy policy;
    private LogCollection collection;
    private UpstreamRequest request;
    private CacheStatus cacheStatus = CacheStatus.MISS;
    private volatile AttemptObserver attempts = AttemptObserver.NONE;
    private String provider;
    private Translation translation;
    private GatewayException upstreamRefusal;
    private volatile Settlement settlement = Settlement.NONE;

    Exchange(GatewayCall call, long startedNanos, Instant arrived) {
        this.call = call;
        this.startedNanos = startedNanos;
        this.arrived = arrived;
    }

    public GatewayCall call() {
        return call;
    }

    /** {@link System#nanoTime()} when the call entered the pipeline, for durations. */
    public long startedNanos() {
        return startedNanos;
    }

    /** The wall-clock time the call entered the pipeline. */
    public Instant arrived() {
        return arrived;
    }

    public Gateway gateway() {
        return required(gateway, "gateway");
    }

    public void gateway(Gateway gateway) {
        this.gateway = Objects.requireNonNull(gateway);
    }

    public RequestPolicy policy() {
        return required(policy, "policy");
    }

    /** The request's policy (the cost it declares included), and whether its bodies and metadata are logged. */
    public void policy(RequestPolicy policy, LogCollection collection) {
        this.policy = Objects.requireNonNull(policy);
        this.collection = Objects.requireNonNull(collection);
    }

    public LogCollection collection() {
        return required(collection, "collection");
    }

    /** The cost the request declares ({@code cf-aig-custom-cost}); none before its policy is read. */
    public Optional<CustomCost> customCost() {
        return policy == null ? Optional.empty() : policy.customCost();
    }

    /** The event id the client gave, else the request id. */
    public String eventId() {
        return policy().eventId().orElse(call.requestId());
    }

    /** The request as it goes to the provider. */
    public UpstreamRequest request() {
        return required(request, "upstream request");
    }

    public void request(UpstreamRequest request) {
        this.request = Objects.requireNonNull(request);
    }

    /** The provider the call goes to: the one its surface named, unless a stage routed it elsewhere. */
    public String provider() {
        return provider != null ? provider : call.provider();
    }

    /**
     * Routes the call to {@code provider}, its request and answer rewritten by {@code translation} (the
     * unified API names the provider inside the body, and speaks its own format).
     */
    public void route(String provider, Translation translation) {
        this.provider = Objects.requireNonNull(provider);
        this.translation = Objects.requireNonNull(translation);
    }

    public Optional<Translation> translation() {
        return Optional.ofNullable(translation);
    }

    /**
     * Lets the call be answered from the cache only: should it reach the provider, it fails with
     * {@code refusal} instead (a request over a rate limit may still be a cache hit, which does not count).
     */
    public void refuseUpstream(GatewayException refusal) {
        this.upstreamRefusal = Objects.requireNonNull(refusal);
    }

    /** What the exchange owes its limits once it is over (nothing unless a limit counted it). */
    public Settlement settlement() {
        return settlement;
    }

    public void settlement(Settlement settlement) {
        this.settlement = settlement;
    }

    public Optional<GatewayException> upstreamRefusal() {
        return Optional.ofNullable(upstreamRefusal);
    }

    /** What the cache did before the call went on; {@code MISS} unless the cache stage says otherwise. */
    public CacheStatus cacheStatus() {
        return cacheStatus;
    }

    public void cacheStatus(CacheStatus status) {
        this.cacheStatus = Objects.requireNonNull(status);
    }

    /** Who is told of each upstream attempt as it ends; nobody until the observe stage says. */
    public AttemptObserver attempts() {
        return attempts;
    }

    public void attempts(AttemptObserver observer) {
        this.attempts = Objects.requireNonNull(observer);
    }

    /** The answer to this call: its ids, the cache's status and the response. */
    public ProxiedResponse answer(UpstreamResponse response, CacheStatus status) {
        return new ProxiedResponse(call.requestId(), call.requestId(), eventId(), status, response);
    }

    private static <T> T required(T value, String what) {
        if (value == null) {
            throw new IllegalStateException("no stage before this one provided the " + what);
        }
        return value;
    }
}
