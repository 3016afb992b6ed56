package dev.sluice.application.gateway;

import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;

import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A change of a gateway's settings: the change is applied to the settings as stored when it is written
 * (a partial update keeps what it does not mention, even when another update lands in between), and only
 * to a version the condition admits, if there is one.
 */
public record UpdateGatewayCommand(GatewayRef ref, UnaryOperator<GatewaySettings> change,
                                   Optional<VersionCondition> condition) {

    public UpdateGatewayCommand {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(condition, "condition");
    }

    /** Sets the settings whatever they were. */
    public static UpdateGatewayCommand replace(GatewayRef ref, GatewaySettings settings) {
        return new UpdateGatewayCommand(ref, current -> settings, Optional.empty());
    }
}
