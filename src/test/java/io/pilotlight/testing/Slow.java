package io.pilotlight.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class of the slow lane: it starts a child JVM, QEMU or another external tool, the vSphere
 * simulator, an S3Proxy server (its first start in a JVM costs seconds), or takes more than about 2 s. {@code mvn test} runs both lanes; {@code mvn test -Pfast}
 * leaves these out (surefire {@code excludedGroups=slow}).
 */
@Target(ElementType.TYPE)
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Tag(Slow.TAG)
public @interface Slow {
    /** The JUnit tag, as pom.xml names it. */
    String TAG = "slow";
}
