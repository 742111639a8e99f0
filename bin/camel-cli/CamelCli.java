/**
 * The `camel` command (Camel JBang's CLI) without JBang: camel-jbang-core has the commands but no main method.
 * bin/camel runs this file with java's source-file mode, on the class path it builds from pom.xml beside it.
 */
public class CamelCli {

    public static void main(String... args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
