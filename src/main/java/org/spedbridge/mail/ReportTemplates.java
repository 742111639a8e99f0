package org.spedbridge.mail;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.camel.component.freemarker.FreemarkerComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spedbridge.config.ConfigException;
import org.spedbridge.config.Settings;

/**
 * Where the report mail's templates come from: the {@code freemarker} component (camel-freemarker) that
 * routes/report-mail.camel.yaml renders the bodies with. Its templates are read from the folder named by
 * {@code templates.dir} (default {@code templates/}) at every use, so an edit shows in the next mail without a
 * rebuild or a restart; when that folder does not exist at start, from the copy built into the jar
 * ({@code classpath:templates/}), as {@code application.properties} is.
 *
 * <p>FreeMarker because it escapes HTML by itself: a template named {@code *.ftlh} (or headed
 * {@code <#ftl output_format="HTML">}) escapes every {@code ${...}}, so a student's name holding {@code <} or
 * {@code &} shows as text; {@code *.ftl} is plain text. The templates cannot create Java objects
 * ({@code ?new}) or reach the Java API ({@code ?api}): editing a template is not running code.
 */
public final class ReportTemplates {

    /** The setting that names the templates folder (relative to the working folder, like routes/). */
    public static final String FOLDER_SETTING = "templates.dir";
    /** Where the built-in copy sits inside the jar. */
    static final String BUILT_IN = "templates";

    private static final Logger LOG = LoggerFactory.getLogger(ReportTemplates.class);

    private ReportTemplates() {
    }

    /** The templates folder as the settings name it, resolved once here (symbolic links are followed). */
    public static Path folder(Settings settings) {
        return Path.of(settings.require(FOLDER_SETTING));
    }

    /** The component bound as {@code freemarker}: templates from the folder (or the jar), never cached. */
    public static FreemarkerComponent component(Settings settings) {
        FreemarkerComponent component = new FreemarkerComponent();
        component.setConfiguration(configuration(folder(settings)));
        component.setContentCache(false);
        return component;
    }

    static Configuration configuration(Path folder) {
        Configuration c = new Configuration(Configuration.VERSION_2_3_34); // .ftlh = HTML output format
        c.setTemplateLoader(loader(folder));
        c.setDefaultEncoding(StandardCharsets.UTF_8.name());
        c.setLocale(Locale.US);
        c.setNumberFormat("computer"); // 9811, not 9,811; a template formats sizes itself
        c.setLocalizedLookup(false);
        c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER); // a broken template fails the mail
        c.setLogTemplateExceptions(false); // the route logs the failure once
        c.setWrapUncheckedExceptions(true);
        c.setFallbackOnNullLoopVariable(false);
        c.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        c.setAPIBuiltinEnabled(false);
        return c;
    }

    private static TemplateLoader loader(Path folder) {
        if (!Files.isDirectory(folder)) {
            LOG.info("Report mail templates: the folder {} does not exist; using the copy built into the jar",
                    folder.toAbsolutePath());
            return new ClassTemplateLoader(ReportTemplates.class.getClassLoader(), BUILT_IN);
        }
        LOG.info("Report mail templates: {}", folder.toAbsolutePath());
        try {
            // links to files outside the folder are allowed: config management and Kubernetes ConfigMaps hand
            // the templates over as symbolic links
            return new FileTemplateLoader(folder.toFile(), true);
        } catch (IOException e) {
            throw new ConfigException("The templates folder " + folder.toAbsolutePath() + " cannot be read ("
                    + e.getMessage() + "). Fix its permissions or set " + FOLDER_SETTING + ".", e);
        }
    }
}
