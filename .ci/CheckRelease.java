import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a release dry run (a deploy into a local directory): exactly the shipped artifacts are there, each
 * with its jar, sources jar, Javadoc jar and a POM with what Maven Central asks for, and nothing else.
 *
 * <p>Run: {@code java .ci/CheckRelease.java <repository directory>}. Exits 1 and lists every problem otherwise.
 */
public final class CheckRelease {

    /** The shipped artifacts and what each has beside its POM (classifier "" is the main jar). */
    private static final Map<String, Set<String>> SHIPPED = new TreeMap<>(Map.ofEntries(
            Map.entry("jobs-parent", Set.of()),
            Map.entry("jobs-bom", Set.of()),
            Map.entry("jobs-model", Set.of("", "sources", "javadoc")),
            Map.entry("jobs-core", Set.of("", "sources", "javadoc")),
            Map.entry("jobs-transport-paho3", Set.of("", "sources", "javadoc")),
            Map.entry("jobs-transport-hivemq", Set.of("", "sources", "javadoc")),
            Map.entry("jobs-auth-awssdk", Set.of("", "sources", "javadoc")),
            Map.entry("jobs-v1", Set.of("", "sources", "javadoc")),
            Map.entry("jobs-v2", Set.of("", "sources", "javadoc")),
            // the local service's standalone runner (java -jar) ships beside the library jar
            Map.entry("jobs-testkit", Set.of("", "sources", "javadoc", "standalone")),
            Map.entry("jobs-agent", Set.of("", "sources", "javadoc")),
            Map.entry("jobs-agent-daemon", Set.of("", "sources", "javadoc"))));

    /** What every published POM must have, itself or through its parent (jobs-parent). */
    private static final List<String> REQUIRED = List.of("name", "description", "url", "licenses", "scm", "developers");
    /** What each module must say itself, not only inherit. */
    private static final Set<String> OWN = Set.of("name", "description");

    private static final Pattern CHECKSUM = Pattern.compile(".*\\.(md5|sha1|sha256|sha512|asc)$");

    private final List<String> problems = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java CheckRelease.java <repository directory>");
            System.exit(2);
        }
        CheckRelease check = new CheckRelease();
        check.run(Path.of(args[0]));
        if (!check.problems.isEmpty()) {
            check.problems.forEach(p -> System.err.println("release check: " + p));
            System.exit(1);
        }
        System.out.println("release check: " + SHIPPED.size() + " artifacts, each with its files and POM metadata");
    }

    private void run(Path repository) throws Exception {
        Path group = repository.resolve("io/iotjobs");
        if (!Files.isDirectory(group)) {
            problems.add("nothing deployed under io/iotjobs in " + repository);
            return;
        }
        Set<String> deployed;
        try (Stream<Path> children = Files.list(group)) {
            deployed = children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        for (String name : deployed) {
            if (!SHIPPED.containsKey(name)) {
                problems.add(name + " was deployed but is not shipped");
            }
        }
        for (String name : SHIPPED.keySet()) {
            if (!deployed.contains(name)) {
                problems.add(name + " is shipped but was not deployed");
            }
        }
        Element parent = null;
        if (deployed.contains("jobs-parent")) {
            parent = pom(latestFiles(group.resolve("jobs-parent"), "jobs-parent").get("pom"));
        }
        for (String name : SHIPPED.keySet()) {
            if (deployed.contains(name)) {
                checkArtifact(group.resolve(name), name, parent);
            }
        }
    }

    private void checkArtifact(Path dir, String name, Element parentPom) throws Exception {
        Map<String, Path> files = latestFiles(dir, name);
        Set<String> expected = new TreeSet<>();
        expected.add("pom");
        SHIPPED.get(name).forEach(classifier -> expected.add(classifier.isEmpty() ? "jar" : classifier + ".jar"));
        for (String kind : files.keySet()) {
            if (!expected.contains(kind)) {
                problems.add(name + ": unexpected file " + files.get(kind).getFileName());
            }
        }
        for (String kind : expected) {
            if (!files.containsKey(kind)) {
                problems.add(name + ": missing " + (kind.equals("pom") ? "POM" : kind));
            }
        }
        Path pomFile = files.get("pom");
        if (pomFile == null) {
            return;
        }
        Element pom = pom(pomFile);
        Element parent = child(pom, "parent") != null ? parentPom : null;
        for (String element : REQUIRED) {
            Element own = child(pom, element);
            boolean present = own != null && !own.getTextContent().isBlank();
            if (!present && !OWN.contains(element) && parent != null) {
                Element inherited = child(parent, element);
                present = inherited != null && !inherited.getTextContent().isBlank();
            }
            if (!present) {
                problems.add(name + ": the POM has no <" + element + ">");
            }
        }
    }

    /**
     * The files of the newest deployed version of an artifact, by kind ("pom", "jar", "sources.jar", ...);
     * checksums, signatures and metadata left out.
     */
    private Map<String, Path> latestFiles(Path artifactDir, String name) throws IOException {
        List<Path> versions;
        try (Stream<Path> children = Files.list(artifactDir)) {
            versions = children.filter(Files::isDirectory).collect(Collectors.toList());
        }
        Map<String, Path> byKind = new TreeMap<>();
        if (versions.size() != 1) {
            problems.add(name + ": expected one version, found " + versions.size());
            return byKind;
        }
        List<Path> files;
        try (Stream<Path> children = Files.list(versions.get(0))) {
            files = children.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        // name-version.ext or name-version-classifier.ext; a snapshot's version carries a timestamp and build
        // number, and the newest build of each kind wins
        Pattern file = Pattern.compile(Pattern.quote(name) + "-(.+?)(?:-(sources|javadoc|standalone|tests|[a-z]+))?\\.(jar|pom)");
        for (Path path : files) {
            String fileName = path.getFileName().toString();
            if (fileName.startsWith("maven-metadata") || CHECKSUM.matcher(fileName).matches()) {
                continue;
            }
            Matcher m = file.matcher(fileName);
            if (!m.matches()) {
                problems.add(name + ": unexpected file " + fileName);
                continue;
            }
            String kind = m.group(2) == null ? m.group(3) : m.group(2) + "." + m.group(3);
            byKind.merge(kind, path, (a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()) > 0 ? a : b);
        }
        return byKind;
    }

    private static Element pom(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals(name)) {
                return (Element) n;
            }
        }
        return null;
    }
}
