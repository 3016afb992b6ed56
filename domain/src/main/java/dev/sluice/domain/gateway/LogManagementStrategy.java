package dev.sluice.domain.gateway;

/** What happens when a gateway's stored log count reaches its cap. */
public enum LogManagementStrategy {
    STOP_INSERTING, DELETE_OLDEST;

    public String wire() {
        return name();
    }

    public static LogManagementStrategy fromWire(String wire) {
        return WireEnums.parse(LogManagementStrategy.class, wire, "log_management_strategy", true);
    }
}
