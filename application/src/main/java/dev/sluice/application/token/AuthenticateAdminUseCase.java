package dev.sluice.application.token;

/** Decides whether a bearer token is the admin token that guards the management API. */
public interface AuthenticateAdminUseCase {

    boolean isAdmin(String presentedToken);
}
