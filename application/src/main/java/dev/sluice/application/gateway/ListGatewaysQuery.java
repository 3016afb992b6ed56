package dev.sluice.application.gateway;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.AccountId;

import java.util.Objects;
import java.util.Optional;

/** A page of an account's gateways, optionally only those whose id contains {@code search}. */
public record ListGatewaysQuery(AccountId account, int page, int perPage, Optional<String> search) {

    public static final int MAX_PER_PAGE = 100;

    public ListGatewaysQuery {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(search, "search");
        if (page < 1) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, "page must be 1 or more");
        }
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, "per_page must be between 1 and " + MAX_PER_PAGE);
        }
        search = search.map(String::trim).filter(s -> !s.isEmpty());
    }
}
