package dev.sluice.adapters.gateway.planted.cycleb;

import dev.sluice.adapters.gateway.planted.cyclea.A;

/** Planted: the other half of a package cycle. */
public final class B {
    public A other() {
        return new A();
    }
}
