package dev.sluice.domain.gateway;

import java.util.List;

/** One page of a gateway listing, with the total number of gateways that matched. */
public record GatewayPage(List<Gateway> items, int page, int perPage, long totalCount) {

    public GatewayPage {
        items = List.copyOf(items);
    }
}
