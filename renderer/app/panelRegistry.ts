/**
 * Panel kinds → components. A feature adds its panel with one line here (`'floor-map': {...}`);
 * boards refer to panels by kind, so presets and saved boards stay plain data.
 */
import { TOPICS } from '../../shared/contracts/entities.ts'
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
  'feed-health': { component: FeedHealthPanel, topics: TOPICS },
  // The map marks each layer STALE itself, so the frame does not grey the whole panel. A lazy
  // chunk: boards without a map never load deck.gl.
  'floor-map': { component: LazyFloorMapPanel },
  'alarm-list': { component: AlarmListPanel },
  // Every domain's feed shapes it; like the map, it marks what is not live itself (hatched).
  'trust-overview': { component: TrustOverviewPanel },
  kpi: { component: KpiPanel, topics: kpiPanelTopics },
  census: { component: CensusPanel, topics: censusPanelTopics },
  table: { component: TablePanel, topics: tablePanelTopics },
}
