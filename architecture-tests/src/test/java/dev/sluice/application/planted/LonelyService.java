package dev.sluice.application.planted;

import jakarta.inject.Inject;

/** Planted: a service with no use case, field injection, a framework import, and sloppy habits. */
public class LonelyService {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger("planted");

    @Inject
    Object injected;

    public void run() throws Exception {
        System.out.println("hello");
        LOG.info("hello");
        throw new Exception("generic");
    }
}
