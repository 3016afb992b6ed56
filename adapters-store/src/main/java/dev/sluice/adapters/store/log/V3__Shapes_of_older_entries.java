package dev.sluice.adapters.store.log;

import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Names the shape of every entry stored before V2, and of its metadata (the shape's id is a hash, computed
 * here in Java).
 */
public final class V3__Shapes_of_older_entries extends BaseJavaMigration {

    private record Shape(GatewayRef gateway, String provider, String model, String path, String userAgent) {
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        List<Shape> shapes = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(
                "select distinct account_id, gateway_id, provider, model, path, user_agent from logs");
             ResultSet row = s.executeQuery()) {
            while (row.next()) {
                shapes.add(new Shape(new GatewayRef(new AccountId(row.getString(1)), new GatewayId(row.getString(2))),
                        row.getString(3), row.getString(4), row.getString(5), row.getString(6)));
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(LogShapes.INSERT);
             PreparedStatement update = connection.prepareStatement("update logs set shape = ? where account_id = ?"
                     + " and gateway_id = ? and model = ? and provider = ? and path = ? and user_agent = ?")) {
            for (Shape shape : shapes) {
                long id = LogShapes.id(shape.gateway(), shape.provider(), shape.model(), shape.path(), shape.userAgent());
                LogShapes.bind(insert, shape.gateway(), id, shape.provider(), shape.model(), shape.path(),
                        shape.userAgent());
                insert.executeUpdate();
                update.setLong(1, id);
                update.setString(2, shape.gateway().account().value());
                update.setString(3, shape.gateway().id().value());
                update.setString(4, shape.model());
                update.setString(5, shape.provider());
                update.setString(6, shape.path());
                update.setString(7, shape.userAgent());
                update.executeUpdate();
            }
        }
        try (PreparedStatement s = connection.prepareStatement("update log_metadata set shape ="
                + " (select l.shape from logs l where l.id = log_metadata.log_id)")) {
            s.executeUpdate();
        }
    }
}
