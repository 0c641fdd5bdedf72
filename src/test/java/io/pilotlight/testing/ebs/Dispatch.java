package io.pilotlight.testing.ebs;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes one request: authorisation, scripted faults, then EBS or EC2; every failure answered in its protocol. */
final class Dispatch {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatch.class);
    private final FakeAws aws;

    Dispatch(FakeAws aws) {
        this.aws = aws;
    }

    void handle(Exchange exchange) throws IOException {
        boolean ebs = exchange.path.startsWith("/snapshots");
        String operation = ebs ? FakeEbs.operation(exchange) : exchange.form().get("Action");
        try {
            if (operation == null) {
                throw new AwsError(ebs ? 404 : 400, ebs ? "UnknownOperationException" : "InvalidAction", null,
                        "no operation " + exchange.method + " " + exchange.path + " here");
            }
            String authorization = exchange.header("Authorization");
            if (authorization == null || !authorization.contains("Credential=" + FakeAws.ACCESS_KEY + "/")) {
                throw ebs ? new AwsError(403, "UnrecognizedClientException", null,
                        "The security token included in the request is invalid.")
                        : new AwsError(401, "AuthFailure", null, "AWS was not able to validate the provided access"
                        + " credentials");
            }
            AwsError fault = aws.nextFault(operation);
            if (fault != null) {
                throw fault;
            }
            if (ebs) {
                aws.ebs.handle(operation, exchange);
            } else {
                aws.ec2.handle(operation, exchange);
            }
        } catch (AwsError error) {
            LOG.debug("{} answered {} {}: {}", operation, error.status, error.type, error.getMessage());
            answer(exchange, ebs, error);
        } catch (RuntimeException e) {
            LOG.warn("{} failed in the fake", operation, e);
            answer(exchange, ebs, new AwsError(500, ebs ? "InternalServerException" : "InternalError", null,
                    "the fake failed: " + e));
        }
    }

    private static void answer(Exchange exchange, boolean ebs, AwsError error) throws IOException {
        if (ebs) {
            exchange.ebsError(error);
        } else {
            exchange.ec2Error(error);
        }
    }
}
