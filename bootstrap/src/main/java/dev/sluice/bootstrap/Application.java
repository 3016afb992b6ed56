package dev.sluice.bootstrap;

import io.micronaut.runtime.Micronaut;

/** Starts Sluice. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).banner(false).mainClass(Application.class).start();
    }
}
