#pragma once

#include <cstddef>
#include <vector>

namespace fr2r::core {

// Runs of one strength that differ only in their TAC window (controlled steps c_j) are identical
// until the shorter window ends: at step i, runs j and k share their latent while
// min(i, c_j) == min(i, c_k). A BranchPlan tracks those groups of runs step by step, so a sweep
// computes each shared prefix once and branches where a window ends.
class BranchPlan
{
public:
    struct Group
    {
        std::vector<size_t> runs; // indices into controlledSteps
        bool tacActive = false;   // at the current step
    };

    explicit BranchPlan(std::vector<int> controlledSteps);

    // Moves to step i (called with increasing steps). Returns, for each group of the
    // previous step, the indices of the groups it became (a group splits when some runs' windows end).
    std::vector<std::vector<size_t>> advance(int step);
    const std::vector<Group>& groups() const { return m_groups; }

    // Whether the batch starts with the shared source row: some group is under TAC at the current step.
    bool sourceRowLeads() const;
    // UNet batch rows at the current step: the source row when it leads, and a negative and a positive row per group.
    int rows() const;

    // Rows evaluated over K steps, shared as above, and the rows of running each run separately with the
    // batch [source, negative, positive] at every step as the reference does.
    static long long plannedRows(int effectiveSteps, const std::vector<int>& controlledSteps);
    static long long naiveRows(int effectiveSteps, size_t runs);

private:
    std::vector<int> m_controlled;
    std::vector<Group> m_groups;
};

} // namespace fr2r::core
