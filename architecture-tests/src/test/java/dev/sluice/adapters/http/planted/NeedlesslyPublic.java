package dev.sluice.adapters.http.planted;

/** Planted: a public adapter class nothing outside its package uses. */
public final class NeedlesslyPublic {
}
