#include "core/api/BranchPlan.h"

#include <algorithm>
#include <numeric>

namespace fr2r::core {

BranchPlan::BranchPlan(std::vector<int> controlledSteps)
    : m_controlled(std::move(controlledSteps))
{
    Group all;
    all.runs.resize(m_controlled.size());
    std::iota(all.runs.begin(), all.runs.end(), size_t{0});
    m_groups.push_back(std::move(all));
}

std::vector<std::vector<size_t>> BranchPlan::advance(int step)
{
    std::vector<Group> next;
    std::vector<std::vector<size_t>> children;
    for (const Group& group : m_groups) {
        Group active{{}, true};
        Group inactive{{}, false};
        for (size_t run : group.runs)
            (m_controlled[run] > step ? active : inactive).runs.push_back(run);
        children.emplace_back();
        for (Group* part : {&active, &inactive}) {
            if (part->runs.empty())
                continue;
            children.back().push_back(next.size());
            next.push_back(std::move(*part));
        }
    }
    m_groups = std::move(next);
    return children;
}

bool BranchPlan::sourceRowLeads() const
{
    return std::any_of(m_groups.begin(), m_groups.end(), [](const Group& group) { return group.tacActive; });
}

int BranchPlan::rows() const
{
    return static_cast<int>(2 * m_groups.size()) + (sourceRowLeads() ? 1 : 0);
}

long long BranchPlan::plannedRows(int effectiveSteps, const std::vector<int>& controlledSteps)
{
    BranchPlan plan(controlledSteps);
    long long rows = 0;
    for (int step = 0; step < effectiveSteps; ++step) {
        plan.advance(step);
        rows += plan.rows();
    }
    return rows;
}

long long BranchPlan::naiveRows(int effectiveSteps, size_t runs)
{
    return 3LL * effectiveSteps * static_cast<long long>(runs);
}

} // namespace fr2r::core
