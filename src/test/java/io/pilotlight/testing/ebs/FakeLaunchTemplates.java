package io.pilotlight.testing.ebs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake's launch templates, kept minimal: CreateLaunchTemplate with an instance type, key name and
 * security groups (version 1, the default and latest); RunInstances names one by id or name and a
 * version ({@code $Latest}, {@code $Default}, {@code 1}), and what it gives itself overrides the
 * template's, as EC2 does. An unknown template or version is refused as EC2 refuses it.
 */
final class FakeLaunchTemplates {
    /** One template's data (its only version). */
    record FakeTemplate(String id, String name, String instanceType, String keyName, List<String> securityGroups) {}

    private final Map<String, FakeTemplate> templates = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);

    synchronized String create(Ec2Query query) {
        String name = query.required("LaunchTemplateName");
        if (templates.values().stream().anyMatch(template -> template.name().equals(name))) {
            throw AwsError.ec2("InvalidLaunchTemplateName.AlreadyExistsException", "Launch template name already in"
                    + " use.");
        }
        String id = String.format("lt-%017x", nextId.getAndIncrement());
        FakeTemplate template = new FakeTemplate(id, name, query.get("LaunchTemplateData.InstanceType"),
                query.get("LaunchTemplateData.KeyName"), query.values("LaunchTemplateData.SecurityGroupId"));
        templates.put(id, template);
        return "<launchTemplate>" + Ec2Xml.element("launchTemplateId", id) + Ec2Xml.element("launchTemplateName", name)
                + Ec2Xml.element("defaultVersionNumber", 1) + Ec2Xml.element("latestVersionNumber", 1)
                + "</launchTemplate>";
    }

    /** The template RunInstances names, or null when it names none. */
    FakeTemplate of(Ec2Query query) {
        String id = query.get("LaunchTemplate.LaunchTemplateId");
        String name = query.get("LaunchTemplate.LaunchTemplateName");
        if (id == null && name == null) {
            return null;
        }
        FakeTemplate template = id != null ? templates.get(id) : templates.values().stream()
                .filter(t -> t.name().equals(name)).findFirst().orElse(null);
        if (template == null) {
            throw id != null ? AwsError.ec2("InvalidLaunchTemplateId.NotFound", "The specified launch template, with"
                    + " template ID " + id + ", does not exist.") : AwsError.ec2("InvalidLaunchTemplateName.NotFound"
                    + "Exception", "The specified launch template, with template name " + name + ", does not exist.");
        }
        String version = query.get("LaunchTemplate.Version");
        if (version != null && !List.of("$Latest", "$Default", "1").contains(version)) {
            throw AwsError.ec2("InvalidLaunchTemplateId.VersionNotFound", "Could not find launch template version "
                    + version + " of " + template.id());
        }
        return template;
    }
}
