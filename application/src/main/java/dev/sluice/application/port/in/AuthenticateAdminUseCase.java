package dev.sluice.application.port.in;

/** Decides whether a bearer token is the admin token that guards the management API. */
public interface AuthenticateAdminUseCase {

    boolean isAdmin(String presentedToken);
}
