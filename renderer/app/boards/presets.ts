/**
 * The preset boards (one per user of docs/architecture.md, the waiting lists and a collaborative's)
 * and the default wall rotation. Panels are data (their kinds are registered in `../panelRegistry.ts`). Each board has a desktop layout and,
 * where a wall read from 3–5 m needs fewer, larger panels, a `wall` layout of its own.
 */
import { boardSchema, rotationSchema, type Board, type Rotation } from '../../board/boardSchema.ts'

const BED_FLOW_KPIS = [
  'beds.ga-occupancy',
  'beds.opel',
  'beds.free',
  'beds.housekeeping-overdue',
  'beds.turnaround-total',
  'beds.nctr',
]

/** The bed meeting's figures, on the site manager's desk and wall alike. */
const BED_MEETING_KPIS = [
  'beds.ga-occupancy',
  'beds.opel',
  'beds.ga-free',
  'beds.expected-discharges',
  'beds.nctr',
  'beds.los-21',
  'beds.housekeeping-overdue',
  'beds.turnaround-total',
  'beds.closed-dv',
]

const EQUIPMENT_IT_KPIS = [
  'assets.par-compliance',
  'assets.missing',
  'network.availability',
  'cyber.open-critical',
]

const CYBER_RESPONSE_KPIS = ['cyber.open-critical', 'cyber.open-high', 'cyber.unacknowledged', 'cyber.mtta']

const capacity = {
  id: 'capacity',
  name: 'Capacity',
  audience: 'Command-centre operators',
  columns: 12,
  rows: 8,
  panels: [
    {
      id: 'overview',
      kind: 'trust-overview',
      x: 0,
      y: 0,
      w: 6,
      h: 4,
      title: 'Trust overview',
      settings: {},
    },
    {
      id: 'map',
      kind: 'floor-map',
      x: 0,
      y: 4,
      w: 6,
      h: 4,
      title: 'Floor map',
      settings: {},
    },
    {
      id: 'bed-kpis',
      kind: 'kpi',
      x: 6,
      y: 0,
      w: 6,
      h: 3,
      title: 'Bed flow',
      settings: { kpiIds: BED_FLOW_KPIS, columns: 3 },
    },
    {
      id: 'beds',
      kind: 'topic-counts',
      x: 6,
      y: 3,
      w: 3,
      h: 5,
      title: 'Beds by status',
      settings: { topic: 'beds' },
    },
    {
      id: 'alarms',
      kind: 'alarm-list',
      x: 9,
      y: 3,
      w: 3,
      h: 5,
      title: 'Alarms',
      settings: {},
    },
  ],
  // From 4 m: the map takes half the wall (it follows the alarm), the overview says where else;
  // four bed-flow numbers and the alarm list share the rest. Beds by status is the desk's.
  wall: {
    columns: 12,
    rows: 8,
    panels: [
      { id: 'map', kind: 'floor-map', x: 0, y: 0, w: 6, h: 8, title: 'Floor map', settings: {} },
      {
        id: 'overview',
        kind: 'trust-overview',
        x: 6,
        y: 0,
        w: 6,
        h: 5,
        title: 'Trust overview',
        settings: {},
      },
      {
        id: 'bed-kpis',
        kind: 'kpi',
        x: 6,
        y: 5,
        w: 3,
        h: 3,
        title: 'Bed flow',
        settings: {
          kpiIds: ['beds.ga-occupancy', 'beds.opel', 'beds.free', 'beds.housekeeping-overdue'],
          columns: 2,
        },
      },
      { id: 'alarms', kind: 'alarm-list', x: 9, y: 5, w: 3, h: 3, title: 'Alarms', settings: {} },
    ],
  },
}

const siteManager = {
  id: 'site-manager',
  name: 'Site manager',
  audience: 'Site manager, bed meeting',
  columns: 12,
  rows: 8,
  panels: [
    {
      id: 'beds',
      kind: 'kpi',
      x: 0,
      y: 0,
      w: 6,
      h: 5,
      title: 'Bed meeting',
      settings: {
        kpiIds: BED_MEETING_KPIS,
        columns: 3,
        sitrep: true,
      },
    },
    {
      id: 'census',
      kind: 'census',
      x: 6,
      y: 0,
      w: 6,
      h: 5,
      title: 'Bed census by ward',
      settings: {},
    },
    {
      id: 'asset-table',
      kind: 'table',
      x: 0,
      y: 5,
      w: 6,
      h: 3,
      title: 'Equipment',
      settings: { entity: 'assets' },
    },
    {
      // Elective pressure beside the beds: the waiting list's headline figures (the PTL).
      id: 'waiting',
      kind: 'waiting-summary',
      x: 6,
      y: 5,
      w: 2,
      h: 3,
      title: 'Waiting list',
      settings: { compact: true },
    },
    {
      id: 'equipment-kpis',
      kind: 'kpi',
      x: 8,
      y: 5,
      w: 4,
      h: 3,
      title: 'Equipment and IT',
      settings: {
        kpiIds: EQUIPMENT_IT_KPIS,
        columns: 2,
      },
    },
  ],
  // A wall shows the bed meeting's numbers and the beds by ward; the equipment table is a desk's.
  wall: {
    columns: 12,
    rows: 8,
    panels: [
      {
        id: 'beds',
        kind: 'kpi',
        x: 0,
        y: 0,
        w: 6,
        h: 5,
        title: 'Bed meeting',
        settings: {
          kpiIds: BED_MEETING_KPIS,
          columns: 3,
        },
      },
      {
        id: 'bed-table',
        kind: 'table',
        x: 6,
        y: 0,
        w: 6,
        h: 8,
        title: 'Beds by ward',
        settings: { entity: 'beds', groupBy: 'ward' },
      },
      {
        id: 'equipment-kpis',
        kind: 'kpi',
        x: 0,
        y: 5,
        w: 6,
        h: 3,
        title: 'Equipment and IT',
        settings: {
          kpiIds: EQUIPMENT_IT_KPIS,
          columns: 4,
        },
      },
    ],
  },
}

const digitalOps = {
  id: 'digital-ops',
  name: 'Digital operations',
  audience: 'On-call IT',
  columns: 12,
  rows: 8,
  panels: [
    {
      id: 'network',
      kind: 'kpi',
      x: 0,
      y: 0,
      w: 4,
      h: 3,
      title: 'Network',
      settings: {
        kpiIds: [
          'network.availability',
          'network.down',
          'network.degraded',
          'network.worst-latency',
          'network.worst-loss',
          'network.busiest-link',
        ],
        columns: 3,
      },
    },
    {
      id: 'cyber-counts',
      kind: 'kpi',
      x: 4,
      y: 0,
      w: 4,
      h: 3,
      title: 'Cyber',
      settings: {
        kpiIds: [
          'cyber.open-critical',
          'cyber.open-high',
          'cyber.unacknowledged',
          'cyber.new-last-hour',
          'cyber.mtta',
          'cyber.open',
        ],
        columns: 3,
      },
    },
    { id: 'feeds', kind: 'feed-health', x: 8, y: 0, w: 4, h: 3, title: 'Feeds', settings: {} },
    {
      id: 'map',
      kind: 'floor-map',
      x: 0,
      y: 3,
      w: 4,
      h: 5,
      title: 'Network and cyber map',
      settings: { layers: { beds: false, assets: false } },
    },
    {
      id: 'devices',
      kind: 'table',
      x: 4,
      y: 3,
      w: 4,
      h: 5,
      title: 'Network devices',
      settings: { entity: 'network' },
    },
    {
      id: 'cyber',
      kind: 'table',
      x: 8,
      y: 3,
      w: 4,
      h: 5,
      title: 'Cyber alerts',
      settings: { entity: 'cyber', filter: { facets: { status: ['new', 'acknowledged', 'investigating'] } } },
    },
  ],
  // A wall: the map (following the alarm) and the overview large, the four numbers IT watches,
  // the tables with fewer, wider columns. Feed health is on the status strip of every board.
  wall: {
    columns: 12,
    rows: 8,
    panels: [
      {
        id: 'map',
        kind: 'floor-map',
        x: 0,
        y: 0,
        w: 6,
        h: 5,
        title: 'Network and cyber map',
        settings: { layers: { beds: false, assets: false } },
      },
      {
        id: 'overview',
        kind: 'trust-overview',
        x: 6,
        y: 0,
        w: 6,
        h: 5,
        title: 'Trust overview',
        settings: {},
      },
      {
        id: 'devices',
        kind: 'table',
        x: 0,
        y: 5,
        w: 4,
        h: 3,
        title: 'Network devices',
        settings: { entity: 'network' },
      },
      {
        id: 'cyber',
        kind: 'table',
        x: 4,
        y: 5,
        w: 5,
        h: 3,
        title: 'Cyber alerts',
        settings: {
          entity: 'cyber',
          filter: { facets: { status: ['new', 'acknowledged', 'investigating'] } },
        },
      },
      {
        id: 'it-kpis',
        kind: 'kpi',
        x: 9,
        y: 5,
        w: 3,
        h: 3,
        title: 'Network · cyber',
        settings: {
          kpiIds: ['network.availability', 'network.down', 'cyber.open-critical', 'cyber.mtta'],
          columns: 2,
        },
      },
    ],
  },
}

/**
 * On-call IT answering cyber alerts: the NHS England alerts with their deadlines, the alert table
 * to pick from, the selected alert's response, and where the hosts are. A wall shows the NHS
 * alerts' time left large, the counts and the map; the NHS list is usually short or empty (it
 * says since when), so the open alerts' table below it takes the larger share.
 */
const cyberResponse = {
  id: 'cyber-response',
  name: 'Cyber response',
  audience: 'On-call IT',
  columns: 12,
  rows: 8,
  panels: [
    {
      id: 'cyber-kpis',
      kind: 'kpi',
      x: 0,
      y: 0,
      w: 4,
      h: 3,
      title: 'Cyber',
      settings: {
        kpiIds: CYBER_RESPONSE_KPIS,
        columns: 2,
      },
    },
    { id: 'nhs', kind: 'nhs-cyber-alerts', x: 4, y: 0, w: 8, h: 3, title: 'NHS cyber alerts', settings: {} },
    {
      id: 'cyber',
      kind: 'table',
      x: 0,
      y: 3,
      w: 5,
      h: 5,
      title: 'Cyber alerts',
      settings: { entity: 'cyber', filter: { facets: { status: ['new', 'acknowledged', 'investigating'] } } },
    },
    { id: 'respond', kind: 'cyber-response', x: 5, y: 3, w: 3, h: 5, title: 'Respond', settings: {} },
    {
      id: 'map',
      kind: 'floor-map',
      x: 8,
      y: 3,
      w: 4,
      h: 5,
      title: 'Where',
      settings: { layers: { beds: false, assets: false } },
    },
  ],
  wall: {
    columns: 12,
    rows: 8,
    panels: [
      {
        id: 'nhs',
        kind: 'nhs-cyber-alerts',
        x: 0,
        y: 0,
        w: 6,
        h: 3,
        title: 'NHS cyber alerts',
        settings: {},
      },
      {
        id: 'cyber-kpis',
        kind: 'kpi',
        x: 6,
        y: 0,
        w: 6,
        h: 2,
        title: 'Cyber',
        settings: {
          kpiIds: CYBER_RESPONSE_KPIS,
          columns: 4,
        },
      },
      {
        id: 'map',
        kind: 'floor-map',
        x: 6,
        y: 2,
        w: 6,
        h: 6,
        title: 'Network and cyber map',
        settings: { layers: { beds: false, assets: false } },
      },
      {
        id: 'cyber',
        kind: 'table',
        x: 0,
        y: 3,
        w: 6,
        h: 5,
        title: 'Cyber alerts',
        settings: {
          entity: 'cyber',
          filter: { facets: { status: ['new', 'acknowledged', 'investigating'] } },
        },
      },
    ],
  },
}

/**
 * The waiting lists (the PTL) of every trust present: for the elective hub and the bed meeting's
 * planned-care half. Collaborative boards place the same panels beside their partners' beds.
 */
const waitingList = {
  id: 'waiting-list',
  name: 'Waiting lists',
  audience: 'Elective care, PTL validation',
  columns: 12,
  rows: 8,
  panels: [
    { id: 'summary', kind: 'waiting-summary', x: 0, y: 0, w: 6, h: 2, title: 'Waiting list', settings: {} },
    {
      id: 'trend',
      kind: 'waiting-trend',
      x: 0,
      y: 2,
      w: 6,
      h: 3,
      title: '18-week performance',
      settings: {},
    },
    {
      id: 'bands',
      kind: 'waiting-bands',
      x: 6,
      y: 0,
      w: 6,
      h: 5,
      title: 'Pathways by specialty and weeks waited',
      settings: {},
    },
    { id: 'longest', kind: 'waiting-longest', x: 0, y: 5, w: 4, h: 3, title: 'Longest waits', settings: {} },
    { id: 'p2', kind: 'waiting-p2', x: 4, y: 5, w: 4, h: 3, title: 'P2 past their date', settings: {} },
    {
      id: 'shorter',
      kind: 'waiting-shorter',
      x: 8,
      y: 5,
      w: 4,
      h: 3,
      title: 'Shorter wait at a partner',
      settings: {},
    },
  ],
  // Read from across the room: the headline, the trend, the specialties and the longest waits.
  wall: {
    columns: 12,
    rows: 8,
    panels: [
      {
        id: 'summary',
        kind: 'waiting-summary',
        x: 0,
        y: 0,
        w: 6,
        h: 2,
        title: 'Waiting list',
        settings: { compact: true },
      },
      {
        id: 'trend',
        kind: 'waiting-trend',
        x: 0,
        y: 2,
        w: 6,
        h: 3,
        title: '18-week performance',
        settings: {},
      },
      {
        id: 'longest',
        kind: 'waiting-longest',
        x: 0,
        y: 5,
        w: 6,
        h: 3,
        title: 'Longest waits',
        settings: {},
      },
      {
        id: 'bands',
        kind: 'waiting-bands',
        x: 6,
        y: 0,
        w: 6,
        h: 8,
        title: 'Pathways by specialty and weeks waited',
        settings: {},
      },
    ],
  },
}

/**
 * A provider collaborative's wall (docs/collaborative.md): the system's level and the trusts side
 * by side on top, mutual aid below; lower right, for each specialty the partner with the shorter
 * wait (the waiting lists' candidates for moving patients between providers, docs/ptl.md).
 */
const collaborative = {
  id: 'collaborative',
  name: 'Collaborative',
  audience: 'System control centre, several trusts',
  columns: 12,
  rows: 8,
  panels: [
    {
      id: 'trusts',
      kind: 'collaborative',
      x: 0,
      y: 0,
      w: 12,
      h: 5,
      title: 'Trusts side by side',
      settings: {},
    },
    { id: 'mutual-aid', kind: 'mutual-aid', x: 0, y: 5, w: 9, h: 3, title: 'Mutual aid', settings: {} },
    {
      id: 'waiting',
      kind: 'waiting-shorter',
      x: 9,
      y: 5,
      w: 3,
      h: 3,
      title: 'Shorter wait at a partner',
      settings: {},
    },
  ],
  wall: {
    columns: 12,
    rows: 8,
    panels: [
      {
        id: 'trusts',
        kind: 'collaborative',
        x: 0,
        y: 0,
        w: 12,
        h: 5,
        title: 'Trusts side by side',
        settings: {},
      },
      { id: 'mutual-aid', kind: 'mutual-aid', x: 0, y: 5, w: 9, h: 3, title: 'Mutual aid', settings: {} },
      {
        id: 'waiting',
        kind: 'waiting-shorter',
        x: 9,
        y: 5,
        w: 3,
        h: 3,
        title: 'Shorter wait at a partner',
        settings: {},
      },
    ],
  },
}

/** The preset boards, validated at load so a bad edit fails loudly in tests, not on a wall. */
export const PRESET_BOARDS: readonly Board[] = [
  capacity,
  siteManager,
  digitalOps,
  cyberResponse,
  waitingList,
  collaborative,
].map((board) => boardSchema.parse(board))

/** Boards that need a collaborative (several gateways): a single trust's wall does not rotate to them. */
export const COLLABORATIVE_BOARD_IDS: readonly string[] = ['collaborative']

/** A wall display's default rotation: every single-trust preset, a minute each. */
export const DEFAULT_ROTATION: Rotation = rotationSchema.parse({
  boardIds: PRESET_BOARDS.map((board) => board.id).filter((id) => !COLLABORATIVE_BOARD_IDS.includes(id)),
  intervalSeconds: 60,
})

/** The board with this id, or the first preset. */
export function boardById(id: string): Board {
  const board = PRESET_BOARDS.find((b) => b.id === id) ?? PRESET_BOARDS[0]
  if (!board) throw new Error('no preset boards')
  return board
}
