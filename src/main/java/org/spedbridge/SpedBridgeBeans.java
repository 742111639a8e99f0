package org.spedbridge;

import java.util.Properties;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.spedbridge.api.ApiServer;
import org.spedbridge.api.ApiStartup;
import org.spedbridge.config.DerivedSettings;
import org.spedbridge.config.Settings;
import org.spedbridge.store.Database;

/**
 * Binds sped-bridge's beans when the same routes/ and application.properties run on a plain Camel
 * runtime ({@code camel run} of Camel JBang), named in {@code camel.main.configuration-classes}.
 * Under sped-bridge's own launcher ({@link SpedBridgeApp}) the beans are already bound and this does nothing.
 */
public final class SpedBridgeBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext camel) throws Exception {
        if (camel.getRegistry().lookupByName("database") != null) {
            return;
        }
        PropertiesComponent properties = camel.getPropertiesComponent();
        // each value as the runtime resolves it (its own order of locations and environment)
        Properties resolved = new Properties();
        for (String key : properties.loadProperties().stringPropertyNames()) {
            properties.resolveProperty(key).ifPresent(v -> resolved.setProperty(key, v));
        }
        Settings settings = Settings.of(resolved, System.getenv());
        // only the placeholders that follow from other settings are added
        Properties derived = new Properties();
        derived.putAll(DerivedSettings.of(settings));
        derived.putAll(ApiServer.camelProperties(settings));
        for (String key : derived.stringPropertyNames()) {
            properties.addOverrideProperty(key, derived.getProperty(key));
        }

        Database database = Database.open(settings);
        SpedBridgeApp.beans(settings, database).forEach(camel.getRegistry()::bind);
        camel.addStartupListener(new ApiStartup());
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                database.close();
            }
        });
    }
}
