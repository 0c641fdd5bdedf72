package io.pilotlight.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.daemon.DaemonPlan;
import io.pilotlight.testing.Slow;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in Debian's headless Chromium against a real daemon in-process on fake time: a disk
 * going late turns its row to "exceeded" with no reload by hand (the page refreshes itself), a
 * screenshot of it is not blank, a disk's page fits a phone's width, and off loopback the page asks for the token and a browser logs in
 * once. With {@code -Dpilotlight.statusScreenshot=docs/status-page.png} the screenshot is also written
 * there (docs/operating.md, "The status page").
 */
@Slow
class StatusPageBrowserTest {
    @TempDir
    Path dir;

    @Test
    void aDiskGoingLateTurnsItsRowToExceededWithoutAReload() throws Exception {
        try (StatusDaemon status = new StatusDaemon(dir.resolve("daemon"), new InetSocketAddress("127.0.0.1", 0),
                Optional.empty(), Duration.ofSeconds(1), true).start()) {
            ChromeDriver browser = Chromium.start(dir.resolve("profile"), 1100, 1500);
            try {
                browser.get(status.url("/"));
                assertThat(rowState(browser, "row-disk-db-1")).isEqualTo("compliant");
                assertThat(browser.findElement(By.cssSelector("#row-disk-db-1 .state")).getText()).isEqualTo("compliant");

                status.makeDiskLate();

                new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver ->
                        "exceeded".equals(rowState(driver, "row-disk-db-1")));
                assertThat(browser.findElement(By.cssSelector("#row-disk-db-1 .state")).getText()).isEqualTo("exceeded");
                assertThat(browser.findElement(By.cssSelector("#row-disk-db-1 .state")).getCssValue("background-color"))
                        .as("exceeded in colour too").isEqualTo("rgba(255, 244, 214, 1)");
                assertThat(rowState(browser, "row-group-web")).isEqualTo("compliant");
                assertThat(browser.findElements(By.cssSelector("svg.chart polyline.age"))).hasSize(2);

                byte[] png = browser.getScreenshotAs(OutputType.BYTES);
                assertThat(distinctColours(png)).as("the screenshot is not blank").isGreaterThan(20);
                String keep = System.getProperty("pilotlight.statusScreenshot", "");
                if (!keep.isBlank()) {
                    Files.write(Path.of(keep), png);
                }

                browser.manage().window().setSize(new Dimension(390, 844));
                browser.get(status.url("/disks/db-1"));
                assertThat(browser.findElement(By.cssSelector("h2 .state")).getText()).isEqualTo("exceeded");
                Object overflow = browser.executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertThat(((Number) overflow).intValue()).as("a phone's width needs no sideways scrolling")
                        .isLessThanOrEqualTo(0);
            } finally {
                browser.quit();
            }
        }
    }

    /** The row's state as the page says it; null while the page is between loads. */
    private static String rowState(WebDriver driver, String row) {
        try {
            return driver.findElement(By.id(row)).getAttribute("data-state");
        } catch (org.openqa.selenium.WebDriverException e) {
            return null;
        }
    }

    private static int distinctColours(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isGreaterThan(100);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    @Test
    void offLoopbackThePageWantsTheTokenAndABrowserLogsInOnce() throws Exception {
        assertThatThrownBy(() -> new DaemonPlan(List.of(), Map.of(), new InetSocketAddress("0.0.0.0", 0),
                Optional.empty())).hasMessageContaining("is not a loopback address: it needs a bearer token");
        InetAddress address = nonLoopbackAddress().orElse(InetAddress.getLoopbackAddress());
        try (StatusDaemon status = new StatusDaemon(dir.resolve("daemon"), new InetSocketAddress(address, 0),
                Optional.of("tok-3n"), Duration.ofSeconds(1), false).start()) {
            ChromeDriver browser = Chromium.start(dir.resolve("profile"), 800, 1000);
            try {
                browser.get(status.url("/disks/db-1"));
                assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Token required");
                assertThat(browser.findElements(By.id("disk-db-1"))).isEmpty();

                browser.findElement(By.name("token")).sendKeys("tok-3n");
                browser.findElement(By.cssSelector("button[type=submit]")).click();
                new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver ->
                        !driver.findElements(By.id("disk-db-1")).isEmpty());
                assertThat(browser.getCurrentUrl()).isEqualTo(status.url("/disks/db-1")).doesNotContain("tok-3n");

                browser.get(status.url("/"));
                assertThat(rowState(browser, "row-disk-db-1")).isEqualTo("compliant");
            } finally {
                browser.quit();
            }
        }
    }

    /** An IPv4 address of this host's own interfaces that is not loopback, if there is one. */
    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface face : NetworkInterface.networkInterfaces().toList()) {
            if (face.isUp() && !face.isLoopback()) {
                Optional<InetAddress> found = face.inetAddresses().filter(Inet4Address.class::isInstance).findFirst();
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
