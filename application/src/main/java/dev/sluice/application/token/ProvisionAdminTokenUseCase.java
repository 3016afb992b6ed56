package dev.sluice.application.token;

import java.util.Optional;

/**
 * Settles the admin token at startup: the configured one if there is one, else the stored one, else a
 * new one, stored hashed.
 */
public interface ProvisionAdminTokenUseCase {

    /** @return the plaintext of a newly generated token, to be shown once; empty when none was made */
    Optional<String> provision(Optional<String> configuredToken);
}
