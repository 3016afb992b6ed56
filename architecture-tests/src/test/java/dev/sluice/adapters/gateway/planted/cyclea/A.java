package dev.sluice.adapters.gateway.planted.cyclea;

import dev.sluice.adapters.gateway.planted.cycleb.B;

/** Planted: one half of a package cycle. */
public final class A {
    public B other() {
        return new B();
    }
}
