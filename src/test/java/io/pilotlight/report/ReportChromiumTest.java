package io.pilotlight.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.pilotlight.testing.Slow;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The simulated week's HTML report opened from a file in headless Chromium (Debian's chromium and
 * chromium-driver, BRIEF §8 flags): each subject's SVG chart lays out with a size and a drawn RPO line,
 * the page loads no resource from anywhere, and a screenshot of a chart is not blank.
 */
@Slow
class ReportChromiumTest {
    @Test
    void theChartsRenderAndThePageLoadsNothingElse(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.html");
        Files.writeString(file, ReportFormat.HTML.render(new SimulatedWeek().report()));
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("profile"), "--window-size=1200,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            driver.get(file.toUri().toString());
            List<WebElement> charts = driver.findElements(By.cssSelector("svg.rpo-chart"));
            assertThat(charts).hasSize(2);
            JavascriptExecutor js = driver;
            for (WebElement chart : charts) {
                @SuppressWarnings("unchecked")
                Map<String, Object> box = (Map<String, Object>) js.executeScript("const r = arguments[0]"
                        + ".getBoundingClientRect(); const line = arguments[0].querySelector('polyline.rpo');"
                        + " return {width: r.width, height: r.height, line: line ? line.getTotalLength() : 0};", chart);
                assertThat(((Number) box.get("width")).doubleValue()).isGreaterThan(300);
                assertThat(((Number) box.get("height")).doubleValue()).isGreaterThan(80);
                assertThat(((Number) box.get("line")).doubleValue()).isGreaterThan(100);
            }
            assertThat(((Number) js.executeScript("return performance.getEntriesByType('resource').length"))
                    .intValue()).isZero();
            BufferedImage shot = ImageIO.read(new ByteArrayInputStream(charts.get(0).getScreenshotAs(OutputType.BYTES)));
            assertThat(colours(shot)).as("distinct colours in the chart's screenshot").isGreaterThan(5);
        } finally {
            driver.quit();
        }
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
