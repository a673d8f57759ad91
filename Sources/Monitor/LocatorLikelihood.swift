import Foundation

extension Locator {
    /// The share of a round's likelihood surface on cells that may touch `area` (1 without a surface, so a
    /// round without one is never flagged on it). Cells touching the area's boundary count wholly for it.
    func share(of area: UInt16, in round: Round) -> Double {
        guard !round.surface.isEmpty else { return 1 }
        var total = 0.0
        for (cell, weight) in zip(round.wide.cells, round.surface) where index.setContains(cell.touch, area) { total += weight }
        return total
    }

    /// The fewest calibration landmarks the flag threshold is chosen on; with fewer the surface flags nothing.
    static let flagCalibrationMinimum = 20

    /// The flag threshold, chosen on the calibration landmarks only: each trusted landmark in turn is located
    /// as a device from its RTTs to the others, and the threshold is the smallest share of the surface any of
    /// them has in its own country, so it would flag none of them (0, flagging nothing on the surface, with
    /// fewer than `flagCalibrationMinimum` landmarks located). The devices being judged never choose it.
    func calibratedFlagMass(landmarks: [Landmark], pairs: [LandmarkPair]) -> Double {
        var shares: [Double] = []
        for (landmark, measurements) in calibrationRounds(landmarks: landmarks, pairs: pairs) {
            guard let area = index.area(landmark.country), let round = try? round(device: landmark.id, measurements: measurements),
                  !round.surface.isEmpty else { continue }
            shares.append(share(of: area, in: round))
        }
        guard shares.count >= Self.flagCalibrationMinimum else { return 0 }
        return shares.min() ?? 0
    }

    /// Each trusted landmark with its RTTs to the other trusted landmarks, as a device's measurements.
    func calibrationRounds(landmarks: [Landmark], pairs: [LandmarkPair]) -> [(Landmark, [MeasuredRTT])] {
        var rows: [String: [MeasuredRTT]] = [:]
        for pair in pairs where pair.a != pair.b && !calibration.distrusts(pair.a) && !calibration.distrusts(pair.b)
            && self.landmarks[pair.a] != nil && self.landmarks[pair.b] != nil && MeasuredRTT.problem(rttMs: pair.rttMs) == nil {
            rows[pair.a, default: []].append(MeasuredRTT(landmark: pair.b, rttMs: pair.rttMs))
            rows[pair.b, default: []].append(MeasuredRTT(landmark: pair.a, rttMs: pair.rttMs))
        }
        return landmarks.filter { !calibration.distrusts($0.id) }.compactMap { landmark in rows[landmark.id].map { (landmark, $0) } }
    }
}
