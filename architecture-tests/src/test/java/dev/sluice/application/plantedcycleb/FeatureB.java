package dev.sluice.application.plantedcycleb;

import dev.sluice.application.plantedcyclea.FeatureA;

/** Planted: the other half of a cycle between application features. */
public final class FeatureB {
    public FeatureA other() {
        return new FeatureA();
    }
}
