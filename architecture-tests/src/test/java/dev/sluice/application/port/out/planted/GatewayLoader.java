package dev.sluice.application.port.out.planted;

/** Planted: an out-port not named as a port. */
public interface GatewayLoader {
    void load();
}
