package io.pilotlight.report;

import static java.util.Objects.requireNonNull;

import io.pilotlight.daemon.RunJournal;
import io.pilotlight.daemon.RunRecord;
import io.pilotlight.recovery.follow.FollowState;
import io.pilotlight.recovery.follow.GroupFollower;
import io.pilotlight.repo.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers a report's inputs on this host: the run history when there is one, and per subject its
 * points, group points and drill records from its repository, and the state files of the followers
 * that keep a standby of it here. What cannot be read becomes a note; the rest is still reported.
 */
public final class ReportReader {
    private final Map<String, RepositoryFacts> repositories = new LinkedHashMap<>();
    private final Map<String, String> locations;
    private final Optional<RunJournal> journal;

    /**
     * @param repositories the opened repositories by the name subjects use
     * @param locations where each repository is, as the report's sources name it
     * @param journal the daemon's run history, when this host has one
     */
    public ReportReader(Map<String, Repository> repositories, Map<String, String> locations,
            Optional<RunJournal> journal) {
        requireNonNull(repositories, "repositories is null").forEach((name, repository) ->
                this.repositories.put(name, new RepositoryFacts(repository)));
        this.locations = Map.copyOf(requireNonNull(locations, "locations is null"));
        this.journal = requireNonNull(journal, "journal is null");
    }

    public ReportInputs read(ReportScope scope) throws IOException {
        List<String> sources = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<RunRecord> history = history(sources, notes);
        repositories.keySet().forEach(name -> sources.add("repository " + name
                + Optional.ofNullable(locations.get(name)).map(where -> " (" + where + ")").orElse("")));
        List<SubjectFacts> facts = new ArrayList<>();
        for (Subject subject : SubjectList.of(scope, repositories, notes)) {
            facts.add(facts(subject, scope, history, notes));
        }
        return new ReportInputs(facts, history, scope.jobKinds(), sources, notes);
    }

    private List<RunRecord> history(List<String> sources, List<String> notes) throws IOException {
        if (journal.isEmpty()) {
            notes.add("no run history was given: runs, failures and bytes moved come from the points kept only");
            return List.of();
        }
        if (!Files.exists(journal.get().file())) {
            notes.add("no run history at " + journal.get().file() + " on this host: runs, failures and bytes moved"
                    + " come from the points kept only");
            return List.of();
        }
        sources.add("history " + journal.get().file());
        return journal.get().read();
    }

    private SubjectFacts facts(Subject subject, ReportScope scope, List<RunRecord> history, List<String> notes) {
        List<RunRecord> runs = history.stream().filter(run -> run.job().equals(subject.job())).toList();
        List<StoredPoint> points = List.of();
        Optional<Bootable> bootable = Optional.empty();
        RepositoryFacts repository = repositories.get(subject.repository());
        try {
            if (repository == null) {
                throw new IOException("repository " + subject.repository() + " is not open");
            }
            points = repository.points(subject);
            bootable = repository.bootable(subject, points);
        } catch (IOException | RuntimeException e) {
            notes.add(subject.label() + ": cannot read its points from repository " + subject.repository() + ": "
                    + e.getMessage());
        }
        List<Standby> standbys = new ArrayList<>();
        for (FollowerTarget follower : scope.followers()) {
            if (follower.followed().equals(subject.name()) && follower.group() == (subject.kind() == Subject.Kind.GROUP)) {
                standbys.add(standby(follower, points));
            }
        }
        return new SubjectFacts(subject, runs, points, bootable, standbys);
    }

    /** The standby's point from its state file here; a standby kept on another host is not known here. */
    private static Standby standby(FollowerTarget follower, List<StoredPoint> points) {
        if (!Files.exists(follower.to())) {
            return new Standby(follower.name(), Optional.empty(), Optional.empty(), Optional.of("not on this host ("
                    + follower.to() + " does not exist here)"));
        }
        try {
            Optional<String> point = follower.group()
                    ? GroupFollower.state(follower.to(), follower.followed()).map(GroupFollower.State::point)
                    : FollowState.read(follower.to()).map(FollowState::point);
            point = point.filter(id -> !id.isEmpty());
            Optional<String> held = point;
            return new Standby(follower.name(), point, points.stream().filter(stored -> held.isPresent()
                    && stored.id().equals(held.get())).map(StoredPoint::created).findFirst(), Optional.empty());
        } catch (IOException | RuntimeException e) {
            return new Standby(follower.name(), Optional.empty(), Optional.empty(),
                    Optional.of("cannot read its state at " + follower.to() + ": " + e.getMessage()));
        }
    }
}
