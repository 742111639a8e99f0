package org.spedbridge.cli;

import java.util.concurrent.Callable;
import org.spedbridge.SpedBridgeApp;
import org.spedbridge.config.DerivedSettings;
import org.spedbridge.ops.Logging;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the routes: the nightly SIRAS import on its schedule, the API, mail, roster drop folder.")
public final class RunCommand implements Callable<Integer> {

    @ParentCommand
    SpedBridge parent;

    @Override
    public Integer call() throws Exception {
        var settings = parent == null ? org.spedbridge.config.Settings.load(null) : parent.settings();
        if (settings.getBoolean("siras.import.schedule-enabled")) {
            // the nightly import cannot run without them: say so now, not at 4:00 am
            ImportNowCommand.requireAll(settings);
        } else {
            // JMX and the admin endpoint still run imports, whose report mails name the district
            DerivedSettings.cdsCode(settings);
        }
        SpedBridgeApp app = SpedBridgeApp.create(settings);
        // the service's log also goes to the rolling file (log.file), once the start checks have passed
        Logging.configureService(settings);
        app.runUntilStopped();
        return SpedBridge.OK;
    }
}
