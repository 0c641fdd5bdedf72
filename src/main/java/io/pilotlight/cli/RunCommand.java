package io.pilotlight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code run JOB}: asks the running daemon to run a job now. */
@Command(name = "run", description = {"Ask the running daemon to run a job now (a disk, group, verify or prune job"
        + " by name). Exit 0 when it started or was queued, 8 for an unknown job, 6 when it is already running.", "",
    "  pilotlight run web1"})
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    PilotlightCommand top;

    @Mixin
    DaemonApi api = new DaemonApi();

    @Parameters(paramLabel = "JOB", description = "The job's name.")
    String job;

    @Override
    public Integer call() throws Exception {
        DaemonApi.Response response = api.send("POST", "/api/jobs/" + job + "/run");
        JsonNode body = new ObjectMapper().readTree(response.body());
        if (response.code() == 202) {
            top.out().println(job + ": " + body.path("answer").asText().toLowerCase().replace('_', ' '));
            top.out().flush();
            return ExitCodes.OK;
        }
        top.err().println("pilotlight: run " + job + ": " + body.path("error").asText(body.path("answer").asText()));
        top.err().flush();
        return switch (response.code()) {
            case 404 -> ExitCodes.UNKNOWN_DISK_OR_POINT;
            case 409 -> ExitCodes.LOCKED;
            case 401 -> ExitCodes.ACCESS_DENIED;
            default -> ExitCodes.INTERNAL_ERROR;
        };
    }
}
