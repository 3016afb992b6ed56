package dev.sluice.application.planted;

/** Planted: an interface the inbound adapter calls that is not named as a use case. */
public interface GatewayLister {
    void list();
}
