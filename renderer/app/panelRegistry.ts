/**
 * Panel kinds → components. A feature adds its panel with one line here (`'floor-map': {...}`);
 * boards refer to panels by kind, so presets and saved boards stay plain data.
 */
import { REALTIME_TOPICS } from '../../shared/contracts/entities.ts'
import { AlarmListPanel } from '../features/alarms/AlarmListPanel.tsx'
import { CyberResponsePanel } from '../features/cyber/CyberResponsePanel.tsx'
import { NhsAlertsPanel } from '../features/cyber/NhsAlertsPanel.tsx'
import { CyberOpenPanel } from '../features/overview/CyberOpenPanel.tsx'
import { DeviceIssuesPanel } from '../features/overview/DeviceIssuesPanel.tsx'
import { TopicCountsPanel, topicCountsTopic } from '../features/overview/TopicCountsPanel.tsx'
import { FeedHealthPanel } from '../features/status/FeedHealthPanel.tsx'
import { CensusPanel, censusPanelTopics } from '../features/kpis/CensusPanel.tsx'
import { KpiPanel, kpiPanelTopics } from '../features/kpis/KpiPanel.tsx'
import { TablePanel, tablePanelTopics } from '../features/tables/TablePanel.tsx'
import { LazyFloorMapPanel } from './LazyFloorMapPanel.tsx'
import { TrustOverviewPanel } from '../features/trust-overview/TrustOverviewPanel.tsx'
import { CollaborativePanel } from '../features/collaborative/CollaborativePanel.tsx'
import { MutualAidPanel } from '../features/collaborative/MutualAidPanel.tsx'
import {
  WaitingBandsPanel,
  WaitingLongestPanel,
  WaitingP2Panel,
  WaitingShorterPanel,
  WaitingSummaryPanel,
  WaitingTrendPanel,
} from '../features/waiting/WaitingPanels.tsx'
import type { PanelDefinition } from '../board/panelTypes.ts'

export const panelRegistry: Readonly<Record<string, PanelDefinition>> = {
  'topic-counts': {
    component: TopicCountsPanel,
    topics: (panel) => {
      const topic = topicCountsTopic(panel)
      return topic ? [topic] : []
    },
  },
  'device-issues': { component: DeviceIssuesPanel, topics: ['network'] },
  'cyber-open': { component: CyberOpenPanel, topics: ['cyber'] },
  'cyber-response': { component: CyberResponsePanel, topics: ['cyber'] },
  'nhs-cyber-alerts': { component: NhsAlertsPanel, topics: ['cyber'] },
  'feed-health': { component: FeedHealthPanel, topics: REALTIME_TOPICS },
  // The map marks each layer STALE itself, so the frame does not grey the whole panel. A lazy
  // chunk: boards without a map never load deck.gl.
  'floor-map': { component: LazyFloorMapPanel },
  'alarm-list': { component: AlarmListPanel },
  // Every domain's feed shapes it; like the map, it marks what is not live itself (hatched).
  'trust-overview': { component: TrustOverviewPanel },
  kpi: { component: KpiPanel, topics: kpiPanelTopics },
  census: { component: CensusPanel, topics: censusPanelTopics },
  table: { component: TablePanel, topics: tablePanelTopics },
  // A collaborative's trusts: each trust's column and cell shows its own gateway's freshness, so
  // the frame does not grey the whole panel when one trust is STALE (docs/collaborative.md).
  collaborative: { component: CollaborativePanel },
  'mutual-aid': { component: MutualAidPanel },
  // Waiting lists (the PTL): every trust present; the frame shows the waiting feed's age.
  'waiting-summary': { component: WaitingSummaryPanel, topics: ['waiting'] },
  'waiting-bands': { component: WaitingBandsPanel, topics: ['waiting'] },
  'waiting-longest': { component: WaitingLongestPanel, topics: ['waiting'] },
  'waiting-p2': { component: WaitingP2Panel, topics: ['waiting'] },
  'waiting-shorter': { component: WaitingShorterPanel, topics: ['waiting'] },
  'waiting-trend': { component: WaitingTrendPanel, topics: ['waiting'] },
}
