package dev.sluice.application.plantedcyclea;

import dev.sluice.application.plantedcycleb.FeatureB;

/** Planted: one application feature that needs another which needs it back. */
public final class FeatureA {
    public FeatureB other() {
        return new FeatureB();
    }
}
