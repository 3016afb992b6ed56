package dev.sluice.application.port.in.planted;

/** Planted: an in-port not named as a use case. */
public interface GatewayLister {
    void list();
}
