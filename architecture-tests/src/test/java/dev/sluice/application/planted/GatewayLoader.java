package dev.sluice.application.planted;

/** Planted: an interface an adapter implements that is not named as a port. */
public interface GatewayLoader {
    void load();
}
