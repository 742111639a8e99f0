package org.spedbridge.cli;

import java.util.concurrent.Callable;
import org.spedbridge.SpedBridgeApp;
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
        }
        SpedBridgeApp.create(settings).runUntilStopped();
        return SpedBridge.OK;
    }
}
