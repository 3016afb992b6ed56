package dev.sluice.bootstrap;

/** Starts Sluice. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        new SluiceStart().args(args).banner(false).mainClass(Application.class).start();
    }
}
